//! Fuzzes reading a configuration from disk, as a run finds it: the input is written to a
//! `profile-lint.toml` in a per-process temporary directory and read by `Config::load` (the
//! capped read and decoding, UTF-8 or UTF-16, then parsing), by `Settings` with `--config`
//! and by discovery from a profile in that directory. Each gives the configuration or an
//! error naming the file, never a panic, and all three agree. Once, at start, a file one byte
//! over `MAX_CONFIG_SIZE` must be refused.
//!
//! An input in the `config` target's shape (a configuration, a NUL, then a profile starting
//! with `<`) is cut at that NUL, so `fuzz/config-seeds/` serves here too; other NULs stay
//! (a UTF-16 file is full of them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use profile_lint::config::{self, Config, Settings, Source, MAX_CONFIG_SIZE};
use std::path::PathBuf;
use std::sync::OnceLock;

fn config_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("profile-lint-fuzz-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let path = dir.join(config::FILE_NAME);
        let too_large = vec![b'#'; MAX_CONFIG_SIZE as usize + 1];
        std::fs::write(&path, too_large).expect("the configuration written");
        let error = Config::load(&path).expect_err("a file over the cap is refused");
        assert!(error.to_string().contains(path.to_str().expect("a UTF-8 path")));
        path
    })
}

fuzz_target!(|data: &[u8]| {
    let path = config_path();
    let name = path.to_str().expect("a UTF-8 path");
    let data = match data.windows(2).position(|w| w == b"\0<") {
        Some(nul) => &data[..nul],
        None => data,
    };
    std::fs::write(path, data).expect("the configuration written");

    let loaded = Config::load(path);
    if let Err(error) = &loaded {
        assert!(error.to_string().contains(name), "the error does not name the file: {error}");
        let _ = error.render();
    }
    let explicit = Settings::new(Source::File(path.clone()));
    assert_eq!(explicit.is_ok(), loaded.is_ok(), "--config and Config::load differ");
    let profile = path.with_file_name("p.xml");
    let found = Settings::new(Source::Discover)
        .expect("discovery reads nothing up front")
        .config_for(&profile);
    match (&found, &loaded) {
        (Ok(Some(_)), Ok(_)) => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "discovery and Config::load give different errors"),
        _ => panic!("discovery and Config::load differ: {:?} / {:?}", found.is_ok(), loaded.is_ok()),
    }
    if let Ok(config) = &loaded {
        let _ = config::lint_options(Some(config), &profile, &Default::default());
    }
});
