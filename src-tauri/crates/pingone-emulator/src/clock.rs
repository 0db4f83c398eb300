//! Time stamps in PingOne's format: `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` (UTC).

use time::OffsetDateTime;

pub(crate) fn now() -> String {
    format_time(OffsetDateTime::now_utc())
}

fn format_time(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_milliseconds_and_z() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_000_000)
            .expect("valid time");
        assert_eq!(format_time(t), "2023-11-14T22:13:20.123Z");
        assert_eq!(now().len(), 24);
    }
}
