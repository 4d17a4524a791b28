//! The request timestamp: UTC, exactly `YYYY-MM-DDThh:mm:ssZ`.

use std::fmt;

/// The timestamp of a request, in the one form the service accepts:
/// `YYYY-MM-DDThh:mm:ssZ`, UTC, no fraction.
///
/// The crate reads no clock: take the time from yours, or enable the `clock` feature for
/// [`Timestamp::now`].
///
/// ```
/// use aliyun_ecs_delete::Timestamp;
/// let t = Timestamp::parse("2016-02-23T12:46:24Z")?;
/// assert_eq!(t.unix_seconds(), 1_456_231_584);
/// assert_eq!(Timestamp::from_unix_seconds(1_456_231_584)?, t);
/// # Ok::<(), aliyun_ecs_delete::TimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    seconds: i64,
    text: [u8; 20],
}

/// Why a timestamp was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text is not exactly `YYYY-MM-DDThh:mm:ssZ` with digits in place.
    #[error("timestamp is not of the form YYYY-MM-DDThh:mm:ssZ")]
    Format,
    /// A field is out of range (month 13, February 30, hour 24, …).
    #[error("timestamp names no real instant: {field} is out of range")]
    Range {
        /// The field out of range.
        field: &'static str,
    },
    /// The instant is outside the years 0000 to 9999.
    #[error("timestamp is outside the years 0000 to 9999")]
    Year,
}

impl Timestamp {
    /// Parses `YYYY-MM-DDThh:mm:ssZ` strictly: no fraction, no offset, no lower-case `t`/`z`.
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        let b = text.as_bytes();
        let shape = b.len() == 20
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'Z';
        let digit_at = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
        if !shape || !digit_at.iter().all(|&i| b[i].is_ascii_digit()) {
            return Err(TimestampError::Format);
        }
        let num = |from: usize, to: usize| {
            b[from..to]
                .iter()
                .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
        };
        let (year, month, day) = (num(0, 4), num(5, 7), num(8, 10));
        let (hour, minute, second) = (num(11, 13), num(14, 16), num(17, 19));
        if !(1..=12).contains(&month) {
            return Err(TimestampError::Range { field: "month" });
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(TimestampError::Range { field: "day" });
        }
        if hour > 23 {
            return Err(TimestampError::Range { field: "hour" });
        }
        if minute > 59 {
            return Err(TimestampError::Range { field: "minute" });
        }
        if second > 59 {
            return Err(TimestampError::Range { field: "second" });
        }
        let days = days_from_civil(i64::from(year), month, day);
        let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
        let mut text = [0u8; 20];
        text.copy_from_slice(b);
        Ok(Timestamp::new(seconds, text))
    }

    /// The timestamp of a Unix time in seconds.
    pub fn from_unix_seconds(seconds: i64) -> Result<Timestamp, TimestampError> {
        // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
        if !(-62_167_219_200..=253_402_300_799).contains(&seconds) {
            return Err(TimestampError::Year);
        }
        let days = seconds.div_euclid(86_400);
        let of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let fields = [
            (year as u32, 4),
            (month, 2),
            (day, 2),
            ((of_day / 3600) as u32, 2),
            ((of_day / 60 % 60) as u32, 2),
            ((of_day % 60) as u32, 2),
        ];
        let mut text = *b"0000-00-00T00:00:00Z";
        let starts = [0, 5, 8, 11, 14, 17];
        for ((value, width), start) in fields.into_iter().zip(starts) {
            let mut v = value;
            for i in (start..start + width).rev() {
                text[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        }
        Ok(Timestamp::new(seconds, text))
    }

    /// The current time, from the system clock.
    #[cfg(feature = "clock")]
    #[cfg_attr(docsrs, doc(cfg(feature = "clock")))]
    #[allow(clippy::disallowed_methods)] // the one opt-in place that reads the clock
    pub fn now() -> Timestamp {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Timestamp::from_unix_seconds(seconds).unwrap_or(Timestamp::EPOCH)
    }

    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: Timestamp = Timestamp::new(0, *b"1970-01-01T00:00:00Z");

    /// A timestamp of checked parts.
    const fn new(seconds: i64, text: [u8; 20]) -> Timestamp {
        Timestamp { seconds, text }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.seconds
    }

    /// The wire form, `YYYY-MM-DDThh:mm:ssZ`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.text)
            .expect("invariant: a timestamp is ASCII digits and separators")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.as_str())
    }
}

impl std::str::FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s)
    }
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the "days from civil" algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected Unix times from Python's `calendar.timegm`, not from this code.
    const KNOWN: [(&str, i64); 6] = [
        ("1970-01-01T00:00:00Z", 0),
        ("2016-02-23T12:46:24Z", 1_456_231_584),
        ("2000-02-29T23:59:59Z", 951_868_799),
        ("1969-12-31T23:59:59Z", -1),
        ("0000-01-01T00:00:00Z", -62_167_219_200),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
    ];

    #[test]
    fn known_instants_both_ways() {
        for (text, seconds) in KNOWN {
            let parsed = Timestamp::parse(text).expect(text);
            assert_eq!(parsed.unix_seconds(), seconds, "{text}");
            assert_eq!(
                Timestamp::from_unix_seconds(seconds).expect(text).as_str(),
                text
            );
        }
    }

    #[test]
    fn round_trips_across_four_centuries() {
        let mut s = -62_167_219_200;
        while s <= 253_402_300_799 {
            let t = Timestamp::from_unix_seconds(s).expect("in range");
            assert_eq!(Timestamp::parse(t.as_str()), Ok(t));
            s += 86_400 * 7 + 3_601;
        }
    }

    #[test]
    fn strict_form() {
        for bad in [
            "2016-02-23T12:46:24.000Z",
            "2016-02-23T12:46:24+00:00",
            "2016-02-23t12:46:24Z",
            "2016-02-23 12:46:24Z",
            "2016-2-23T12:46:24Z",
            "20160223T124624Z",
            "",
            "2016-02-23T12:46:2ZZ",
        ] {
            assert_eq!(Timestamp::parse(bad), Err(TimestampError::Format), "{bad}");
        }
    }

    #[test]
    fn display_debug_and_from_str_speak_the_wire_form() {
        let t: Timestamp = "2016-02-23T12:46:24Z".parse().expect("valid");
        assert_eq!(t.to_string(), "2016-02-23T12:46:24Z");
        assert_eq!(format!("{t:?}"), "Timestamp(2016-02-23T12:46:24Z)");
        assert_eq!(
            "2016-02-23 12:46:24Z".parse::<Timestamp>(),
            Err(TimestampError::Format)
        );
    }

    /// The Gregorian month lengths, each month's last day accepted and the day after refused,
    /// in a common year and a leap year.
    #[test]
    fn every_month_ends_on_its_own_last_day() {
        const COMMON: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for (year, february) in [(2026, 28), (2024, 29)] {
            for (month, mut last) in (1..=12).zip(COMMON) {
                if month == 2 {
                    last = february;
                }
                let day = |d: u32| format!("{year}-{month:02}-{d:02}T00:00:00Z");
                assert!(Timestamp::parse(&day(last)).is_ok(), "{}", day(last));
                assert_eq!(
                    Timestamp::parse(&day(last + 1)),
                    Err(TimestampError::Range { field: "day" }),
                    "{}",
                    day(last + 1)
                );
                assert_eq!(
                    Timestamp::parse(&day(0)),
                    Err(TimestampError::Range { field: "day" })
                );
            }
        }
        assert_eq!(
            Timestamp::parse("2026-00-10T00:00:00Z"),
            Err(TimestampError::Range { field: "month" })
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            Timestamp::parse("2016-13-01T00:00:00Z"),
            Err(TimestampError::Range { field: "month" })
        );
        assert_eq!(
            Timestamp::parse("2015-02-29T00:00:00Z"),
            Err(TimestampError::Range { field: "day" })
        );
        assert_eq!(
            Timestamp::parse("1900-02-29T00:00:00Z"),
            Err(TimestampError::Range { field: "day" })
        );
        assert!(Timestamp::parse("2000-02-29T00:00:00Z").is_ok());
        assert_eq!(
            Timestamp::parse("2016-01-01T24:00:00Z"),
            Err(TimestampError::Range { field: "hour" })
        );
        assert_eq!(
            Timestamp::parse("2016-01-01T00:60:00Z"),
            Err(TimestampError::Range { field: "minute" })
        );
        assert_eq!(
            Timestamp::parse("2016-01-01T00:00:60Z"),
            Err(TimestampError::Range { field: "second" })
        );
        assert_eq!(
            Timestamp::from_unix_seconds(253_402_300_800),
            Err(TimestampError::Year)
        );
    }
}
