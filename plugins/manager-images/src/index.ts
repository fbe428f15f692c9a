import 'reflect-metadata';

export { default } from './plugin';
// The pure parts of the image API (table-tested on their own).
export {
  checkArchitecture,
  DEFAULT_ARCHITECTURE,
  imageChanges,
  KNOWN_ARCHITECTURES,
  type ModifyImageProps,
} from './images/image-inputs';
export { imageView, isOperation } from './images/image-view';
