# The bench groups that benches/ratio.sh and benches/compare.sh measure, in one place:
# `groups sign` or `groups verify` sets bench_name (the bench binary) and pairs (one
# group:numerator:floor triple per group); anything else returns 1.
groups() {
  case $1 in
    sign)
      bench_name=signing
      pairs="sign/delete_instance:end_to_end:hmac_only sign/delete_instances_100:end_to_end:hmac_only
             sign_v3/delete_instance:end_to_end:floor sign_v3/delete_instances_100:end_to_end:floor
             sign_v3_sm3/delete_instance:end_to_end:floor sign_v3_sm3/delete_instances_100:end_to_end:floor
             sign_v3_rsa/delete_instance:end_to_end:floor sign_v3_rsa/delete_instances_100:end_to_end:floor" ;;
    verify)
      bench_name=verifying
      pairs="verify/v1/delete_instance:end_to_end:floor verify/v1/delete_instances_100:end_to_end:floor
             verify/v3/delete_instance:end_to_end:floor verify/v3/delete_instances_100:end_to_end:floor" ;;
    *) return 1 ;;
  esac
}
