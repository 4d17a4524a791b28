/* A whole C program over the C ABI: build and sign a DeleteInstances request, print what to
 * send, then decode an answer (here a throttling error, as the service sends one) and print the
 * verdict. Sending is the caller's: any HTTP client takes the method, URL, headers and body.
 *
 * Build it as ffi/README.md says; ffi/tests/c/run.sh builds and runs it, linked statically and
 * dynamically. */
#include <stdio.h>
#include <string.h>

#include "aliyun_ecs_delete.h"

int main(void) {
  const EcsPair params[] = {
      {"RegionId", "cn-hangzhou"},
      {"InstanceId.1", "i-bp1g6zv0ce8oghu7k2zz"},
      {"InstanceId.2", "i-bp1g6zv0ce8oghu7k3aa"},
      {"ClientToken", "123e4567-e89b-12d3-a456-426655440000"},
      {"DryRun", "true"},
  };
  /* V3, parameters in the query, JSON answers, the regional endpoint. */
  EcsSignOptions options = {ECS_SIGNATURE_V3, ECS_TRANSPORT_POST_QUERY, ECS_FORMAT_JSON, NULL, 0, NULL};
  EcsSignedRequest *request = NULL;
  EcsError *error = NULL;
  /* The timestamp and nonce are the caller's: the clock now, and a fresh random nonce for every
   * attempt (the ClientToken stays the same across retries). */
  EcsStatus status = ecs_sign("DeleteInstances", params, sizeof params / sizeof params[0], "LTAI5tExampleKeyId",
                              "example-secret", NULL, "2026-11-23T12:00:00Z", "5ab0cd0f-0c42-4e58-9d4e-6de3f5c1a5a1",
                              &options, &request, &error);
  if (status == ECS_STATUS_REFUSED) {
    /* A parameter the rules refuse: a stable code and the parameter it names. */
    fprintf(stderr, "refused: %s (%s): %s\n", ecs_error_code(error), ecs_error_parameter(error),
            ecs_error_message(error));
    ecs_error_free(error);
    return 1;
  }
  if (status != ECS_STATUS_OK) {
    fprintf(stderr, "ecs_sign: status %d\n", (int)status);
    return 1;
  }
  printf("%s %s\n", ecs_signed_request_method(request), ecs_signed_request_url(request));
  for (size_t i = 0; i < ecs_signed_request_header_count(request); i++) {
    const char *name = ecs_signed_request_header_name(request, i);
    /* The Authorization header carries the signature: print its name only. */
    printf("%s: %s\n", name, strcmp(name, "authorization") == 0 ? "(signed)" : ecs_signed_request_header_value(request, i));
  }
  ecs_signed_request_free(request);

  /* What came back: status, headers and body bytes. */
  const char *body = "{\"RequestId\":\"7B7813C6-57BF-41XX-B12B-F172F65A6046\",\"Code\":\"Throttling.User\","
                     "\"Message\":\"Request was denied due to user flow control.\"}";
  const EcsPair headers[] = {{"x-acs-retry-after", "3"}};
  EcsResponse *response = NULL;
  status = ecs_decode_response("DeleteInstances", 400, headers, 1, (const uint8_t *)body, strlen(body), &response);
  if (status != ECS_STATUS_OK) {
    fprintf(stderr, "ecs_decode_response: status %d\n", (int)status);
    return 1;
  }
  printf("outcome %s, code %s, retry %s after %lld s\n", ecs_response_outcome(response), ecs_response_code(response),
         ecs_response_retry(response), (long long)ecs_response_retry_after_seconds(response));
  int retry = strcmp(ecs_response_retry(response), "retry") == 0;
  ecs_response_free(response);
  return retry ? 0 : 1;
}
