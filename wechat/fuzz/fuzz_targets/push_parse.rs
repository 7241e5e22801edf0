#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wxopen::fuzzing::parse_any(data));
