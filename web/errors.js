// The errors the package throws: an `Error` with a `code` (`INVALID_INPUT`, `ABORTED`,
// `INTERNAL`, ...) and, for bad input, the `path` of the bad value, as the Node package's.

export function failure(code, message, path) {
  const error = new Error(message);
  error.code = code;
  if (path !== undefined) error.path = path;
  return error;
}
