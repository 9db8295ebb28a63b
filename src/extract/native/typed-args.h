/*
 * An N-API function's arguments as typed arrays of given types (the native passes of src/extract take only typed
 * arrays): their data and lengths in elements. Returns 0 (and nothing is to be read) when an argument is missing or
 * of another type.
 */
#ifndef SIFT_TYPED_ARGS_H
#define SIFT_TYPED_ARGS_H
#include <node_api.h>
#include <stddef.h>

#define TYPED_ARGS_MAX 8

static int typed_args(napi_env env, napi_callback_info info, const napi_typedarray_type *types, size_t n, void **data, size_t *len) {
  size_t argc = n;
  napi_value argv[TYPED_ARGS_MAX];
  if (n > TYPED_ARGS_MAX || napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < n) return 0;
  for (size_t k = 0; k < n; k++) {
    napi_typedarray_type type;
    napi_value buffer;
    size_t offset;
    if (napi_get_typedarray_info(env, argv[k], &type, &len[k], &data[k], &buffer, &offset) != napi_ok || type != types[k]) return 0;
  }
  return 1;
}

#endif
