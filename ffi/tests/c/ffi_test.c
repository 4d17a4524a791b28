/* Exercises every function of the C ABI, from C; CI runs it under valgrind, which must report no
 * leak and no error. Expected values come from the vendor documentation (the DescribeRegions and
 * RunInstances examples) or from the C ABI's own contract (status codes, error codes). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aliyun_ecs_delete.h"

static int failures = 0;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);           \
      failures++;                                                                \
    }                                                                            \
  } while (0)

static int eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static const EcsPair ONE[] = {{"InstanceId", "i-bp1g6zv0ce8oghu7k2zz"}, {"RegionId", "cn-hangzhou"}, {"Force", "true"}};

static void sign_and_verify(uint32_t version, uint32_t transport) {
  EcsSignOptions options = {version, transport, ECS_FORMAT_JSON, NULL, 0, NULL};
  EcsSignedRequest *signed_request = NULL;
  EcsError *error = NULL;
  EcsStatus status = ecs_sign("DeleteInstance", ONE, 3, "testid", "testsecret", NULL, "2026-11-23T12:00:00Z",
                              "n-1", &options, &signed_request, &error);
  CHECK(status == ECS_STATUS_OK && signed_request && !error);
  const char *method = ecs_signed_request_method(signed_request);
  const char *url = ecs_signed_request_url(signed_request);
  CHECK(eq(method, transport == ECS_TRANSPORT_GET ? "GET" : "POST"));
  CHECK(strncmp(url, "https://ecs.cn-hangzhou.aliyuncs.com/", 37) == 0);
  size_t count = ecs_signed_request_header_count(signed_request);
  EcsPair headers[16];
  for (size_t i = 0; i < count && i < 16; i++) {
    headers[i].name = ecs_signed_request_header_name(signed_request, i);
    headers[i].value = ecs_signed_request_header_value(signed_request, i);
    CHECK(headers[i].name && headers[i].value);
  }
  CHECK(ecs_signed_request_header_name(signed_request, count) == NULL);
  size_t body_len = 0;
  const uint8_t *body = ecs_signed_request_body(signed_request, &body_len);
  CHECK((transport == ECS_TRANSPORT_POST_FORM) == (body_len > 0));

  /* What was signed verifies, with the method and headers it carries. */
  EcsVerified *verified = NULL;
  status = ecs_verify(method, url, headers, count, body_len ? body : NULL, body_len, "testsecret", NULL,
                      "2026-11-23T12:05:00Z", -1, &verified, &error);
  CHECK(status == ECS_STATUS_OK && verified);
  CHECK(eq(ecs_verified_action(verified), "DeleteInstance"));
  CHECK(eq(ecs_verified_access_key_id(verified), "testid"));
  CHECK(ecs_verified_param_count(verified) == 3);
  CHECK(eq(ecs_verified_param_name(verified, 0), "Force"));
  CHECK(eq(ecs_verified_param_value(verified, 1), "i-bp1g6zv0ce8oghu7k2zz"));
  CHECK(ecs_verified_param_name(verified, 3) == NULL);
  ecs_verified_free(verified);

  /* Five minutes away is too far with a skew of 60 s. */
  status = ecs_verify(method, url, headers, count, body_len ? body : NULL, body_len, "testsecret", NULL,
                      "2026-11-23T12:05:00Z", 60, &verified, &error);
  CHECK(status == ECS_STATUS_REFUSED && eq(ecs_error_code(error), "timestamp_skew"));
  ecs_error_free(error);

  /* With another secret it is refused, and the error says why. */
  status = ecs_verify(method, url, headers, count, body_len ? body : NULL, body_len, "other", NULL, NULL, -1,
                      &verified, &error);
  CHECK(status == ECS_STATUS_REFUSED && !verified && error);
  CHECK(eq(ecs_error_code(error), "signature_mismatch"));
  CHECK(ecs_error_parameter(error) == NULL);
  CHECK(ecs_error_message(error) != NULL);
  ecs_error_free(error);
  ecs_signed_request_free(signed_request);
}

static void refusals_and_caller_mistakes(void) {
  EcsSignedRequest *signed_request = NULL;
  EcsError *error = NULL;
  const EcsPair bad[] = {{"RegionId", "cn-hangzhou"}, {"InstanceId.1", "i-a"}, {"InstanceId.2", "i-bp1g6zv0ce8oghu7****"}};
  EcsStatus status = ecs_sign("DeleteInstances", bad, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n",
                              NULL, &signed_request, &error);
  CHECK(status == ECS_STATUS_REFUSED && !signed_request);
  CHECK(eq(ecs_error_code(error), "invalid_instance_id"));
  CHECK(eq(ecs_error_parameter(error), "InstanceId.2"));
  ecs_error_free(error);

  /* A key id or a token that would change the request it is written into is refused, named. */
  status = ecs_sign("DeleteInstance", ONE, 3, "AK,SignedHeaders=host", "secret", NULL, "2026-11-23T12:00:00Z", "n",
                    NULL, &signed_request, &error);
  CHECK(status == ECS_STATUS_REFUSED && eq(ecs_error_code(error), "invalid_credentials"));
  CHECK(eq(ecs_error_parameter(error), "AccessKeyId"));
  ecs_error_free(error);
  status = ecs_sign("DeleteInstance", ONE, 3, "id", "secret", "tok\r\nX-Evil: 1", "2026-11-23T12:00:00Z", "n", NULL,
                    &signed_request, &error);
  CHECK(status == ECS_STATUS_REFUSED && eq(ecs_error_parameter(error), "SecurityToken"));
  ecs_error_free(error);

  status = ecs_sign("DeleteInstance", ONE, 3, "id", "secret", NULL, "2026-11-23 12:00", "n", NULL, &signed_request, &error);
  CHECK(status == ECS_STATUS_REFUSED && eq(ecs_error_code(error), "invalid_timestamp"));
  ecs_error_free(error);

  EcsSignOptions bad_options = {2, ECS_TRANSPORT_GET, ECS_FORMAT_JSON, NULL, 0, NULL};
  status = ecs_sign("DeleteInstance", ONE, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n", &bad_options,
                    &signed_request, &error);
  CHECK(status == ECS_STATUS_INVALID_ARGUMENT && !signed_request && error);
  CHECK(eq(ecs_error_code(error), "invalid_argument") && eq(ecs_error_parameter(error), "signature_version"));
  ecs_error_free(error);
  EcsSignOptions bad_endpoint = {1, ECS_TRANSPORT_GET, ECS_FORMAT_JSON, "evil.test/?Action=Other#", 0, NULL};
  status = ecs_sign("DeleteInstance", ONE, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n", &bad_endpoint,
                    &signed_request, &error);
  CHECK(status == ECS_STATUS_REFUSED && eq(ecs_error_code(error), "invalid_endpoint"));
  ecs_error_free(error);

  status = ecs_sign("DescribeInstances", ONE, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n", NULL,
                    &signed_request, NULL);
  CHECK(status == ECS_STATUS_INVALID_ARGUMENT);
  /* An unknown action is named in the error, so the caller has a message to show. */
  status = ecs_sign("DescribeInstances", ONE, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n", NULL,
                    &signed_request, &error);
  CHECK(status == ECS_STATUS_INVALID_ARGUMENT && !signed_request);
  CHECK(eq(ecs_error_code(error), "invalid_argument") && eq(ecs_error_parameter(error), "action"));
  CHECK(ecs_error_message(error) && strstr(ecs_error_message(error), "DescribeInstances"));
  ecs_error_free(error);
  status = ecs_sign(NULL, ONE, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n", NULL, &signed_request, &error);
  CHECK(status == ECS_STATUS_NULL_ARGUMENT && !error);
  status = ecs_sign("DeleteInstance", NULL, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n", NULL,
                    &signed_request, &error);
  CHECK(status == ECS_STATUS_NULL_ARGUMENT);
  status = ecs_sign("DeleteInstance", ONE, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n", NULL, NULL, &error);
  CHECK(status == ECS_STATUS_NULL_ARGUMENT);
  const char not_utf8[] = {(char)0xff, 0};
  status = ecs_sign("DeleteInstance", ONE, 3, not_utf8, "secret", NULL, "2026-11-23T12:00:00Z", "n", NULL,
                    &signed_request, &error);
  CHECK(status == ECS_STATUS_INVALID_UTF8);

  /* Freeing null is a no-op; getters of null answer null or zero. */
  ecs_error_free(NULL);
  ecs_signed_request_free(NULL);
  ecs_response_free(NULL);
  ecs_verified_free(NULL);
  ecs_stages_free(NULL);
  ecs_validated_free(NULL);
  CHECK(ecs_error_code(NULL) == NULL && ecs_signed_request_url(NULL) == NULL);
  CHECK(ecs_response_http_status(NULL) == 0 && ecs_response_retry_after_seconds(NULL) == -1);
}

static void responses(void) {
  const EcsPair headers[] = {{"x-acs-retry-after", "3"}};
  const char *xml = "<Error><RequestId>R-1</RequestId><Code>Throttling.User</Code><Message>slow</Message></Error>";
  EcsResponse *response = NULL;
  CHECK(ecs_decode_response("DeleteInstances", 400, headers, 1, (const uint8_t *)xml, strlen(xml), &response) ==
        ECS_STATUS_OK);
  CHECK(eq(ecs_response_outcome(response), "api_error"));
  CHECK(eq(ecs_response_code(response), "Throttling.User"));
  CHECK(eq(ecs_response_request_id(response), "R-1"));
  CHECK(eq(ecs_response_message(response), "slow"));
  CHECK(ecs_response_host_id(response) == NULL && ecs_response_recommend(response) == NULL);
  CHECK(ecs_response_auth_action(response) == NULL);
  CHECK(eq(ecs_response_retry(response), "retry"));
  CHECK(ecs_response_throttled(response) && !ecs_response_already_gone(response));
  CHECK(ecs_response_retry_after_seconds(response) == 3 && ecs_response_http_status(response) == 400);
  ecs_response_free(response);

  /* A wait past what an int64_t holds reads as the largest one, not as absent (-1). */
  const EcsPair huge[] = {{"x-acs-retry-after", "9223372036854775808"}};
  CHECK(ecs_decode_response("DeleteInstances", 400, huge, 1, (const uint8_t *)xml, strlen(xml), &response) ==
        ECS_STATUS_OK);
  CHECK(ecs_response_retry_after_seconds(response) == INT64_MAX);
  /* The whole value, through the function that can hold it. */
  uint64_t seconds = 0;
  CHECK(ecs_response_retry_after(response, &seconds) && seconds == 9223372036854775808ULL);
  CHECK(!ecs_response_retry_after(response, NULL) && !ecs_response_retry_after(NULL, &seconds));
  ecs_response_free(response);
  CHECK(ecs_decode_response("DeleteInstances", 400, NULL, 0, (const uint8_t *)xml, strlen(xml), &response) ==
        ECS_STATUS_OK);
  seconds = 7;
  CHECK(!ecs_response_retry_after(response, &seconds) && seconds == 7);
  ecs_response_free(response);

  const char *gone = "{\"RequestId\":\"R-2\",\"Code\":\"InvalidInstanceId.NotFound\"}";
  CHECK(ecs_decode_response("DeleteInstance", 404, NULL, 0, (const uint8_t *)gone, strlen(gone), &response) ==
        ECS_STATUS_OK);
  CHECK(ecs_response_already_gone(response) && eq(ecs_response_retry(response), "fail"));
  /* Done for a request of one instance; a batch of several that gets it released none. */
  CHECK(ecs_response_already_gone_for(response, 1) && !ecs_response_already_gone_for(response, 2));
  CHECK(!ecs_response_already_gone_for(NULL, 1));
  ecs_response_free(response);

  CHECK(ecs_decode_response("DeleteInstance", 200, NULL, 0, NULL, 0, &response) == ECS_STATUS_OK);
  CHECK(eq(ecs_response_outcome(response), "success") && ecs_response_retry(response) == NULL);
  ecs_response_free(response);

  const char *page = "<html>502 Bad Gateway</html>";
  CHECK(ecs_decode_response("DeleteInstance", 502, NULL, 0, (const uint8_t *)page, strlen(page), &response) ==
        ECS_STATUS_OK);
  CHECK(eq(ecs_response_outcome(response), "unparseable") && eq(ecs_response_retry(response), "check"));
  ecs_response_free(response);
}

static void stages_and_validation(void) {
  /* The documented DescribeRegions example (GET, testid / testsecret). */
  const EcsPair params[] = {{"AccessKeyId", "testid"}, {"Action", "DescribeRegions"}, {"Format", "XML"},
                            {"SignatureMethod", "HMAC-SHA1"}, {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
                            {"SignatureVersion", "1.0"}, {"Timestamp", "2016-02-23T12:46:24Z"}, {"Version", "2014-05-26"}};
  EcsStages *stages = NULL;
  CHECK(ecs_rpc_v1("GET", params, 8, "testsecret", &stages) == ECS_STATUS_OK);
  CHECK(eq(ecs_stages_signature(stages), "OLeaidS1JvxuMvnyHOwuJ+uX5qY="));
  CHECK(strncmp(ecs_stages_string_to_sign(stages), "GET&%2F&AccessKeyId%3Dtestid", 28) == 0);
  CHECK(ecs_stages_canonical(stages) != NULL && ecs_stages_hashed(stages) == NULL);
  CHECK(ecs_stages_authorization(stages) == NULL);
  ecs_stages_free(stages);

  /* The documented RunInstances example of signature V3. */
  const EcsPair query[] = {{"ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"}, {"RegionId", "cn-shanghai"}};
  const EcsPair headers[] = {{"host", "ecs.cn-shanghai.aliyuncs.com"}, {"x-acs-action", "RunInstances"},
                             {"x-acs-version", "2014-05-26"}, {"x-acs-date", "2023-10-26T10:22:32Z"},
                             {"x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"},
                             {"x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}};
  CHECK(ecs_rpc_v3("POST", NULL, "YourAccessKeyId", "YourAccessKeySecret", NULL, query, 2, headers, 6, NULL, 0, &stages) ==
        ECS_STATUS_OK);
  CHECK(eq(ecs_stages_signature(stages), "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"));
  CHECK(eq(ecs_stages_hashed(stages), "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"));
  CHECK(strncmp(ecs_stages_authorization(stages), "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,", 44) == 0);
  ecs_stages_free(stages);

  const EcsPair ops[] = {{"InstanceId", "i-a"}, {"ForceStop", "True"}};
  EcsValidated *validated = NULL;
  EcsError *error = NULL;
  CHECK(ecs_validate("DeleteInstance", ops, 2, &validated, &error) == ECS_STATUS_OK && !error);
  CHECK(ecs_validated_param_count(validated) == 2);
  CHECK(eq(ecs_validated_param_name(validated, 0), "ForceStop") && eq(ecs_validated_param_value(validated, 0), "true"));
  CHECK(ecs_validated_warning_count(validated) == 1);
  CHECK(eq(ecs_validated_warning(validated, 0), "force_stop_without_force"));
  CHECK(ecs_validated_warning(validated, 1) == NULL);
  ecs_validated_free(validated);
  CHECK(ecs_validate("DeleteInstances", ops, 2, &validated, &error) == ECS_STATUS_REFUSED);
  CHECK(eq(ecs_error_code(error), "unknown_parameter") && eq(ecs_error_parameter(error), "InstanceId"));
  ecs_error_free(error);
}

static void *signing_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 200; i++) {
    EcsSignedRequest *signed_request = NULL;
    if (ecs_sign("DeleteInstance", ONE, 3, "id", "secret", NULL, "2026-11-23T12:00:00Z", "n", NULL, &signed_request,
                 NULL) != ECS_STATUS_OK) {
      return (void *)1;
    }
    ecs_signed_request_free(signed_request);
  }
  return NULL;
}

/* A whole text file, NUL-terminated (the test keys); NULL when it cannot be read. */
static char *read_file(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *text = calloc(1, 8192);
  size_t n = text ? fread(text, 1, 8191, f) : 0;
  fclose(f);
  if (text && n == 0) {
    free(text);
    return NULL;
  }
  return text;
}

/* Each V3 algorithm signs and verifies; RSA with a PEM private key, checked with the public key,
 * refused with another public key or with none; a key that does not read is a caller's mistake
 * whose message does not quote it. */
static void v3_algorithms(const char *keys) {
  char *private_a = read_file(keys, "rsa-a.pem");
  char *public_a = read_file(keys, "rsa-a.pub.pem");
  char *public_b = read_file(keys, "rsa-b.pub.pem");
  CHECK(private_a && public_a && public_b);
  if (!private_a || !public_a || !public_b) return;
  const char *algorithms[] = {"ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "ACS3-RSA-SHA256"};
  for (int a = 0; a < 3; a++) {
    int rsa = a == 2;
    EcsSignOptions options = {ECS_SIGNATURE_V3, ECS_TRANSPORT_POST_FORM, ECS_FORMAT_JSON, NULL, 0, algorithms[a]};
    EcsSignedRequest *signed_request = NULL;
    EcsError *error = NULL;
    EcsStatus status = ecs_sign("DeleteInstance", ONE, 3, "testid", rsa ? private_a : "testsecret", NULL,
                                "2026-11-23T12:00:00Z", "n-1", &options, &signed_request, &error);
    CHECK(status == ECS_STATUS_OK && signed_request);
    size_t count = ecs_signed_request_header_count(signed_request);
    EcsPair headers[16];
    const char *authorization = NULL;
    for (size_t i = 0; i < count && i < 16; i++) {
      headers[i].name = ecs_signed_request_header_name(signed_request, i);
      headers[i].value = ecs_signed_request_header_value(signed_request, i);
      if (eq(headers[i].name, "authorization")) authorization = headers[i].value;
    }
    CHECK(authorization && strncmp(authorization, algorithms[a], strlen(algorithms[a])) == 0);
    size_t body_len = 0;
    const uint8_t *body = ecs_signed_request_body(signed_request, &body_len);
    const char *url = ecs_signed_request_url(signed_request);
    EcsVerified *verified = NULL;
    status = ecs_verify("POST", url, headers, count, body, body_len, rsa ? NULL : "testsecret", rsa ? public_a : NULL,
                        NULL, -1, &verified, &error);
    CHECK(status == ECS_STATUS_OK && verified);
    ecs_verified_free(verified);
    if (rsa) {
      status = ecs_verify("POST", url, headers, count, body, body_len, "testsecret", public_b, NULL, -1, &verified,
                          &error);
      CHECK(status == ECS_STATUS_REFUSED && eq(ecs_error_code(error), "signature_mismatch"));
      ecs_error_free(error);
      status = ecs_verify("POST", url, headers, count, body, body_len, "testsecret", NULL, NULL, -1, &verified, &error);
      CHECK(status == ECS_STATUS_REFUSED && eq(ecs_error_code(error), "signature_mismatch"));
      ecs_error_free(error);
      status = ecs_verify("POST", url, headers, count, body, body_len, NULL, private_a, NULL, -1, &verified, &error);
      CHECK(status == ECS_STATUS_INVALID_ARGUMENT && eq(ecs_error_parameter(error), "public_key"));
      CHECK(error && !strstr(ecs_error_message(error), "MII"));
      ecs_error_free(error);
    }
    ecs_signed_request_free(signed_request);
  }
  /* A secret that is not a PEM key, with RSA: refused when read, naming the argument. */
  EcsSignOptions options = {ECS_SIGNATURE_V3, ECS_TRANSPORT_GET, ECS_FORMAT_JSON, NULL, 0, "ACS3-RSA-SHA256"};
  EcsSignedRequest *signed_request = NULL;
  EcsError *error = NULL;
  CHECK(ecs_sign("DeleteInstance", ONE, 3, "testid", "testsecret", NULL, "2026-11-23T12:00:00Z", "n-1", &options,
                 &signed_request, &error) == ECS_STATUS_INVALID_ARGUMENT);
  CHECK(!signed_request && eq(ecs_error_parameter(error), "access_key_secret"));
  ecs_error_free(error);
  EcsSignOptions unknown = {ECS_SIGNATURE_V3, ECS_TRANSPORT_GET, ECS_FORMAT_JSON, NULL, 0, "ACS3-HMAC-SHA1"};
  CHECK(ecs_sign("DeleteInstance", ONE, 3, "testid", "s", NULL, "2026-11-23T12:00:00Z", "n-1", &unknown,
                 &signed_request, &error) == ECS_STATUS_INVALID_ARGUMENT);
  CHECK(eq(ecs_error_parameter(error), "algorithm"));
  ecs_error_free(error);
  EcsSignOptions v1 = {ECS_SIGNATURE_V1, ECS_TRANSPORT_GET, ECS_FORMAT_JSON, NULL, 0, "ACS3-HMAC-SM3"};
  CHECK(ecs_sign("DeleteInstance", ONE, 3, "testid", "s", NULL, "2026-11-23T12:00:00Z", "n-1", &v1, &signed_request,
                 &error) == ECS_STATUS_INVALID_ARGUMENT);
  ecs_error_free(error);
  free(private_a);
  free(public_a);
  free(public_b);
}

int main(int argc, char **argv) {
  uint32_t transports[] = {ECS_TRANSPORT_GET, ECS_TRANSPORT_POST_QUERY, ECS_TRANSPORT_POST_FORM};
  for (int t = 0; t < 3; t++) {
    sign_and_verify(ECS_SIGNATURE_V1, transports[t]);
    sign_and_verify(ECS_SIGNATURE_V3, transports[t]);
  }
  refusals_and_caller_mistakes();
  responses();
  stages_and_validation();
  CHECK(argc > 1);
  if (argc > 1) v3_algorithms(argv[1]);

  pthread_t threads[4];
  for (int i = 0; i < 4; i++) pthread_create(&threads[i], NULL, signing_thread, NULL);
  for (int i = 0; i < 4; i++) {
    void *result = NULL;
    pthread_join(threads[i], &result);
    CHECK(result == NULL);
  }

  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("C ABI: every check passed\n");
  return 0;
}
