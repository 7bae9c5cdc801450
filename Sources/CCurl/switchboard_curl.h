/*
 * libcurl for Swift. curl_easy_setopt and curl_easy_getinfo are variadic, which Swift
 * cannot call, so each argument type gets a typed wrapper here (and so does prctl, for
 * naming the event loop's thread).
 */
#ifndef SWITCHBOARD_CURL_H
#define SWITCHBOARD_CURL_H

#include <curl/curl.h>
#include <sys/prctl.h>

static inline CURLcode sb_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sb_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/* libcurl copies the string (except for CURLOPT_POSTFIELDS, which this file never sets). */
static inline CURLcode sb_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/* For options taking a pointer that libcurl keeps: callback user data, the error buffer. */
static inline CURLcode sb_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/* libcurl keeps the list: free it only after the transfer. */
static inline CURLcode sb_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* For CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION. */
static inline CURLcode sb_curl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/* Sets the request body; libcurl copies the `size` bytes at `data` (NULL when size is 0). */
static inline CURLcode sb_curl_set_body(CURL *handle, const void *data, curl_off_t size) {
    CURLcode result = curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, size);
    if (result != CURLE_OK) return result;
    return curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, data ? data : "");
}

static inline CURLcode sb_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* Names the calling thread as the kernel shows it (/proc/self/task/ID/comm, top):
 * the first 15 bytes of `name`. For the event loop's thread. */
static inline int sb_name_current_thread(const char *name) {
    return prctl(PR_SET_NAME, name, 0, 0, 0);
}

#endif
