//! Pure validators for the identifiers the privacy checks look for: formats and check digits,
//! no text scanning. Every function takes a compact value (no spaces or dashes).

/// The ODD table of the codice fiscale check character (DM 23 dicembre 1976), for `0-9` and
/// `A-Z`: a digit weighs what the letter with its index weighs.
const CF_ODD: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// Letters standing for digits 0–9 in an omocodic codice fiscale.
const OMOCODIA: &str = "LMNPQRSTUV";

/// Month letters of the codice fiscale, January to December.
const CF_MONTHS: &str = "ABCDEHLMPRST";

/// Positions (0-based) that hold a digit or its omocodia letter.
const CF_DIGIT_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];

fn cf_value(c: u8) -> Option<(u32, u32)> {
    let index = match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'Z' => c - b'A',
        _ => return None,
    };
    Some((CF_ODD[usize::from(index)], u32::from(index)))
}

/// The check character of the first 15 characters of a codice fiscale (upper case).
pub fn cf_check_char(first15: &str) -> Option<char> {
    let bytes = first15.as_bytes();
    if bytes.len() != 15 {
        return None;
    }
    let mut sum = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let (odd, even) = cf_value(c)?;
        // Positions are counted from 1: index 0 is an odd position.
        sum += if i % 2 == 0 { odd } else { even };
    }
    Some(char::from(b'A' + (sum % 26) as u8))
}

/// Whether `cf` (upper case, 16 characters) has the shape of a personal codice fiscale:
/// letters and digits (or omocodia letters) in their places, a month letter and a possible
/// day of birth (1–31, or 41–71 for women).
pub fn cf_well_formed(cf: &str) -> bool {
    let b = cf.as_bytes();
    if b.len() != 16 || !cf.is_ascii() {
        return false;
    }
    let letter_positions = [0, 1, 2, 3, 4, 5, 8, 11, 15];
    if !letter_positions.iter().all(|&i| b[i].is_ascii_uppercase()) {
        return false;
    }
    if !CF_DIGIT_POSITIONS
        .iter()
        .all(|&i| b[i].is_ascii_digit() || OMOCODIA.as_bytes().contains(&b[i]))
    {
        return false;
    }
    if !CF_MONTHS.as_bytes().contains(&b[8]) {
        return false;
    }
    let day = cf_digit(b[9]) * 10 + cf_digit(b[10]);
    (1..=31).contains(&day) || (41..=71).contains(&day)
}

fn cf_digit(c: u8) -> u32 {
    match OMOCODIA.bytes().position(|o| o == c) {
        Some(d) => d as u32,
        None => u32::from(c.wrapping_sub(b'0')),
    }
}

/// Whether a well-formed codice fiscale carries the right check character.
pub fn cf_valid(cf: &str) -> bool {
    cf_well_formed(cf) && cf_check_char(&cf[..15]).is_some_and(|c| cf.ends_with(c))
}

/// Length of an IBAN in each country of the ISO 13616 registry (SWIFT IBAN Registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// The IBAN length of a country, if it has IBANs.
pub fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(c, _)| *c == country)
        .map(|(_, n)| *n)
}

/// ISO 7064 MOD 97-10 over an alphanumeric string (letters A = 10 … Z = 35), computed digit by
/// digit so no big integer is needed.
fn mod97(chars: impl Iterator<Item = u8>) -> Option<u32> {
    let mut rest = 0u32;
    for c in chars {
        match c {
            b'0'..=b'9' => rest = (rest * 10 + u32::from(c - b'0')) % 97,
            b'A'..=b'Z' => rest = (rest * 100 + u32::from(c - b'A') + 10) % 97,
            _ => return None,
        }
    }
    Some(rest)
}

/// Whether `iban` (upper case, compact) has its country's length and passes MOD 97-10.
pub fn iban_valid(iban: &str) -> bool {
    let b = iban.as_bytes();
    if b.len() < 5
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    if iban_length(&iban[..2]) != Some(b.len()) {
        return false;
    }
    mod97(b[4..].iter().chain(&b[..4]).copied()) == Some(1)
}

/// The Luhn check over a string of ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Whether 13–19 digits are a plausible payment card number: Luhn, and a first digit that
/// card networks issue (2 Mastercard, 3 Amex/Diners/JCB, 4 Visa, 5 Mastercard/Maestro,
/// 6 Maestro/Discover/UnionPay).
pub fn card_valid(digits: &str) -> bool {
    (13..=19).contains(&digits.len())
        && matches!(digits.as_bytes().first(), Some(b'2'..=b'6'))
        && luhn_valid(digits)
}

/// Whether 11 digits are a valid partita IVA: a company number that is not all zeros, a
/// provincial office code (001–100, 120, 121, 888, 999) and a Luhn check digit.
pub fn piva_valid(digits: &str) -> bool {
    if digits.len() != 11 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if digits[..7].bytes().all(|c| c == b'0') {
        return false;
    }
    let office: u32 = digits[7..10].parse().unwrap_or(0);
    ((1..=100).contains(&office) || matches!(office, 120 | 121 | 888 | 999)) && luhn_valid(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Codice fiscale: RCCMNL83S18D969H is the example of python-stdnum's
    // `stdnum/it/codicefiscale.py` doctest (valid); RCCMNL83S18D967H is the invalid-checksum
    // case of the npm `stdnum` port's tests; the omocodic RSSMRA85T10A56NH was computed with
    // python-stdnum 2.2 (project notes, domain.md §7.3); CNTCHR83T41D969D is a woman's code
    // (day + 40) from the same test vectors.
    #[test]
    fn codice_fiscale_check_character() {
        assert_eq!(cf_check_char("RCCMNL83S18D969"), Some('H'));
        assert!(cf_valid("RCCMNL83S18D969H"));
        assert!(cf_valid("RSSMRA85T10A562S"));
        assert!(cf_valid("RSSMRA85T10A56NH"));
        assert!(cf_valid("CNTCHR83T41D969D"));
        assert!(cf_well_formed("RCCMNL83S18D967H") && !cf_valid("RCCMNL83S18D967H"));
        assert!(!cf_valid("RSSMRA85T10A562T"));
        // Month letter Z and day 35 do not exist.
        assert!(!cf_well_formed("RSSMRA85Z10A562S"));
        assert!(!cf_well_formed("RSSMRA85T35A562S"));
        assert!(!cf_well_formed("RSSMRA85T10A56"));
    }

    // IBAN examples: IT60X0542811101000000123456 is the Italian example of the SWIFT IBAN
    // Registry; GB82WEST12345698765432 and DE89370400440532013000 are the examples of
    // Wikipedia's "International Bank Account Number" article and python-stdnum's doctests.
    #[test]
    fn iban_mod_97() {
        assert!(iban_valid("IT60X0542811101000000123456"));
        assert!(iban_valid("GB82WEST12345698765432"));
        assert!(iban_valid("DE89370400440532013000"));
        // The same with one digit changed (python-stdnum: GB82WEST12345698765431 invalid).
        assert!(!iban_valid("IT60X0542811101000000123457"));
        assert!(!iban_valid("GB82WEST12345698765431"));
        // Right checksum, wrong length for the country.
        assert!(!iban_valid("IT60X054281110100000012345"));
        assert!(!iban_valid("ZZ60X0542811101000000123456"));
    }

    // Card numbers: the test numbers published by Stripe and PayPal for their sandboxes
    // (4242 4242 4242 4242 Visa, 5555 5555 5555 4444 Mastercard, 3782 822463 10005 Amex).
    #[test]
    fn cards_luhn() {
        assert!(card_valid("4242424242424242"));
        assert!(card_valid("5555555555554444"));
        assert!(card_valid("378282246310005"));
        assert!(!card_valid("4242424242424241"));
        assert!(
            !card_valid("1234567812345670"),
            "no network issues cards from 1"
        );
        assert!(!card_valid("424242424242"), "too short");
        // Wikipedia's Luhn example 7992739871 + check digit 3.
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
    }

    // Partita IVA: 00743110157 is python-stdnum's doctest example (`stdnum/it/iva.py`),
    // 00429440068 is the Comune di Alessandria's own codice fiscale, 02843860012 the
    // Regione Piemonte's partita IVA (published in the footer of its sites).
    #[test]
    fn partita_iva() {
        assert!(piva_valid("00743110157"));
        assert!(piva_valid("00429440068"));
        assert!(piva_valid("02843860012"));
        // python-stdnum doctest: 00743110158 has a wrong check digit.
        assert!(!piva_valid("00743110158"));
        assert!(!piva_valid("00000000000"));
        // Office code 500 does not exist even if the Luhn check passes.
        assert!(luhn_valid("12345675008") && !piva_valid("12345675008"));
    }
}
