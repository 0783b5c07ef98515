export { OBJECT_TYPES, MAX_BODY_BYTES, parseRestPath, describeRef, PathError, type FileRef, type ObjectType, type RestTarget } from "./object-path.ts";
export { authorize, type AccessLevel, type Method, type Refusal } from "./access.ts";
export {
  BadBodyError,
  NotFoundError,
  ObjectExistsError,
  RangeNotSatisfiableError,
  type ByteRange,
  type CreateOptions,
  type ObjectInfo,
  type ObjectStorage,
} from "./storage.ts";
export { createLocalStorage, removeLocalRepository } from "./local-storage.ts";
export { serveRestRequest, sendError, GatewayError, MIME_V1, MIME_V2, type GatewayHooks, type GatewayLog, type GatewayRequest } from "./handler.ts";
export { createS3Storage, type S3StorageConfig } from "./s3-storage.ts";
