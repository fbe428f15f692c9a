export { RUNNER_ROOT, runnerMainScript } from './runner-location';
export { JsonLinesRunnerChannel } from './json-lines-runner-channel';
