/** How much of the session's name a commit's file name keeps (Backend.AI's SESSION_NAME_LEN_LIMIT). */
export const COMMIT_SESSION_NAME_LIMIT = 10;

/**
 * The file name of a session's commit, as Backend.AI builds it:
 * `<UTC time as 2024-05-01T09H05M03S>_<first 10 characters of the session name>_<image name>.tar.gz`,
 * where the image name is the reference's last path component (`python:3.11-ubuntu22.04` of
 * `cr.backend.ai/stable/python:3.11-ubuntu22.04`), and every `:` (and any `/`) becomes `-`, so
 * the name is one path segment that every filesystem takes.
 */
export function commitFilename(now: Date, sessionName: string, image: string): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const date = `${now.getUTCFullYear()}-${two(now.getUTCMonth() + 1)}-${two(now.getUTCDate())}`;
  const time = `${two(now.getUTCHours())}H${two(now.getUTCMinutes())}M${two(now.getUTCSeconds())}S`;
  const imageName = image.slice(image.lastIndexOf('/') + 1);
  const name = [...sessionName].slice(0, COMMIT_SESSION_NAME_LIMIT).join('');
  return `${date}T${time}_${name}_${imageName}.tar.gz`.replace(/[:/]/g, '-');
}
