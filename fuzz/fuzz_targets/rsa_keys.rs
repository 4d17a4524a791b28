#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| aliyun_ecs_delete::fuzzing::rsa_keys(data));
