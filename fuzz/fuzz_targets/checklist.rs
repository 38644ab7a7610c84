//! Fuzzes `playbook::fuzzing::checklist`: any UTF-8 input must pass its checks without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    playbook::fuzzing::checklist(text);
});
