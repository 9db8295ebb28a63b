{
  "targets": [
    {
      "target_name": "sift_candidates",
      "sources": ["src/detect/native/candidates.c"],
      "cflags": ["-O3", "-std=c11"],
      "defines": ["NAPI_VERSION=8"]
    },
    {
      "target_name": "sift_aead",
      "sources": ["src/storage/native/aead.c"],
      "cflags": ["-O2", "-std=c11"],
      "defines": ["NAPI_VERSION=8"]
    },
    {
      "target_name": "sift_json_structure",
      "sources": ["src/extract/native/json-structure.c"],
      "cflags": ["-O2", "-std=c11"],
      "defines": ["NAPI_VERSION=8"]
    },
    {
      "target_name": "sift_csv_split",
      "sources": ["src/extract/native/csv-split.c"],
      "cflags": ["-O2", "-std=c11"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
