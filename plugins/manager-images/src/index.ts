import 'reflect-metadata';

export { default } from './plugin';
