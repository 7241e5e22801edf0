//! `wxopen-console wx decrypt|encrypt|sign`: debugging a push by hand. The console binary embeds
//! [`WxCommand`] as a subcommand and calls [`run`]; on `Err` it prints the one-line Display to
//! stderr and exits 1.

use std::io::{Read, Write};

use crate::crypto::{self, CryptoError, EncodingAesKey, MsgCrypt};
use crate::push::{MAX_BODY_BYTES, XmlError};

/// The flags every crypt command shares.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct CryptArgs {
    /// The message-check token (消息校验Token).
    #[arg(long)]
    pub token: String,
    /// The 43-character EncodingAESKey (消息加解密Key).
    #[arg(long)]
    pub aes_key: String,
    /// The receive_id: the component appid for a third-party platform.
    #[arg(long)]
    pub appid: String,
    /// `timestamp` from the push URL (or to sign).
    #[arg(long)]
    pub timestamp: String,
    /// `nonce` from the push URL (or to sign).
    #[arg(long)]
    pub nonce: String,
}

impl CryptArgs {
    fn crypt(&self) -> Result<MsgCrypt, CryptoError> {
        Ok(MsgCrypt::new(
            self.token.as_str(),
            EncodingAesKey::parse(&self.aes_key)?,
            self.appid.as_str(),
        ))
    }
}

/// The `wx` subcommands.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum WxCommand {
    /// Verify and decrypt a push read from stdin (the bare Encrypt value or the whole XML body).
    Decrypt {
        /// Token, key, appid, timestamp and nonce.
        #[command(flatten)]
        args: CryptArgs,
        /// `msg_signature` from the push URL (not `signature`).
        #[arg(long)]
        msg_signature: String,
    },
    /// Encrypt stdin, byte for byte (use printf, not echo, to avoid a trailing newline); prints
    /// `{"encrypt": …, "msg_signature": …}`.
    Encrypt {
        /// Token, key, appid, timestamp and nonce.
        #[command(flatten)]
        args: CryptArgs,
        /// 16 bytes as 32 hex digits: makes the output deterministic.
        #[arg(long)]
        random_prefix_hex: Option<String>,
    },
    /// Print `signature` (or `msg_signature` when --encrypt is given).
    Sign {
        /// The message-check token.
        #[arg(long)]
        token: String,
        /// Timestamp.
        #[arg(long)]
        timestamp: String,
        /// Nonce.
        #[arg(long)]
        nonce: String,
        /// The Encrypt value, for `msg_signature`.
        #[arg(long)]
        encrypt: Option<String>,
    },
}

/// A failed `wx` command; its Display is the single line to print.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Verification, decryption or envelope parsing failed.
    #[error("{}: {}", .0.code(), .0)]
    Crypto(#[from] CryptoError),
    /// `--random-prefix-hex` is not 32 hex digits.
    #[error("bad_prefix: --random-prefix-hex must be 32 hex digits (16 bytes)")]
    BadPrefix,
    /// stdin is not UTF-8 or is too large.
    #[error("bad_input: stdin must be UTF-8 text of at most {MAX_BODY_BYTES} bytes")]
    BadInput,
    /// Reading stdin or writing stdout failed.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// Runs one `wx` command against the given streams.
pub fn run(cmd: &WxCommand, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), CliError> {
    match cmd {
        WxCommand::Decrypt {
            args,
            msg_signature,
        } => {
            let crypt = args.crypt()?;
            let (timestamp, nonce) = (&args.timestamp, &args.nonce);
            let input = read_input(stdin)?;
            // Only the terminal's newline around the input is dropped; the ciphertext is exact.
            let input = input.trim();
            let decrypted = if input.starts_with('<') {
                crypt
                    .decrypt_body(msg_signature, timestamp, nonce, input.as_bytes())?
                    .decrypted
            } else {
                crypt.verify_and_decrypt(msg_signature, timestamp, nonce, input)?
            };
            writeln!(stdout, "{}", decrypted.plaintext)?;
        }
        WxCommand::Encrypt {
            args,
            random_prefix_hex,
        } => {
            let crypt = args.crypt()?;
            let (timestamp, nonce) = (&args.timestamp, &args.nonce);
            let plaintext = read_input(stdin)?;
            let sealed = match random_prefix_hex {
                Some(hex_prefix) => {
                    let mut prefix = [0u8; 16];
                    hex::decode_to_slice(hex_prefix, &mut prefix)
                        .map_err(|_| CliError::BadPrefix)?;
                    crypt.encrypt_with_prefix(&plaintext, timestamp, nonce, prefix)
                }
                None => crypt.encrypt(&plaintext, timestamp, nonce),
            };
            let json = serde_json::to_string(&sealed).map_err(std::io::Error::other)?;
            writeln!(stdout, "{json}")?;
        }
        WxCommand::Sign {
            token,
            timestamp,
            nonce,
            encrypt,
        } => {
            let sig = match encrypt {
                Some(encrypt) => crypto::msg_signature(token, timestamp, nonce, encrypt),
                None => crypto::signature(token, timestamp, nonce),
            };
            writeln!(stdout, "{sig}")?;
        }
    }
    Ok(())
}

/// Reads stdin as UTF-8, refusing more than a push body can be.
fn read_input(stdin: &mut dyn Read) -> Result<String, CliError> {
    let mut buf = Vec::new();
    stdin
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut buf)?;
    if buf.len() > MAX_BODY_BYTES {
        return Err(CliError::Crypto(CryptoError::BadXml(XmlError::TooLarge {
            len: buf.len(),
            max: MAX_BODY_BYTES,
        })));
    }
    String::from_utf8(buf).map_err(|_| CliError::BadInput)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(subcommand)]
        cmd: WxCommand,
    }

    /// Parses argv exactly as the console binary would, runs, and returns stdout or the error line.
    fn wx(args: &[&str], stdin: &str) -> Result<String, String> {
        let cli = Cli::try_parse_from(std::iter::once("wx").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        run(&cli.cmd, &mut stdin.as_bytes(), &mut out).map_err(|e| e.to_string())?;
        Ok(String::from_utf8(out).unwrap())
    }

    // The senparc-open-ticket vector.
    const ENCRYPT: &str = "/RWeOUN4J839ynYH960Duj2k0WwvSfwq2dBFQ1NG78v9CZKbiCk5F8Fq/RGV0oFALoy+2L7KDe+1EbitZK7T4KtHMxntcEeQDxhWGdbeyTYJStcl7pudKA/ltfPP2nDbMrvmdl6JAX/XY4El0XEaYMrxegU3B1aUMZJ1GDjz9pIFv5+DPWj2mf7mhwIKcJSfeMctifS5UyJHKmIM+gnPQjtcKsVdnjaLckEScUsKKTygeG9IOtWFfE720W6g5UfOg3yxPFCUrqjWKRTue7g0yT0vQyb0L5cODKh1bCjIRcgikJsRVo3tAX1QO/CrHzKEEDqaD3Rx1hRkvRl/2KQlFd/DkhOzWp1LmpsCZQiNj0Fdc41aVleaFrwUQ8svg9Wt2iJLDhdqlz1Us2Pb6Ayx3dJLhXtb4ynJGsPFq0N8RrCuLgU391BpAiga5JBcjzS50pfvBBEEPQDyAE7znPphrA==";
    const PLAINTEXT: &str = "<xml><AppId><![CDATA[wxbbd3f07e2945cf2a]]></AppId>\n<CreateTime>1436881222</CreateTime>\n<InfoType><![CDATA[component_verify_ticket]]></InfoType>\n<ComponentVerifyTicket><![CDATA[ticket@@@hXh2446N-P9OOZqW4EeuPO9zFXEnAz5Vzc0JaWczBkIqcw2javRF0C_VVdwVYrEwyw1xHOiui7gB0WqKaYPMUQ]]></ComponentVerifyTicket>\n</xml>";
    const DECRYPT: &[&str] = &[
        "decrypt",
        "--token",
        "senparc",
        "--aes-key",
        "0123456789012345678901234567890123456789012",
        "--appid",
        "wxbbd3f07e2945cf2a",
        "--timestamp",
        "1436881222",
        "--nonce",
        "296318614",
        "--msg-signature",
        "066523677e42a15c64a725ba0058cd7651174624",
    ];

    #[test]
    fn decrypt_bare_value_and_whole_body() {
        assert_eq!(
            wx(DECRYPT, &format!("{ENCRYPT}\n")).unwrap(),
            format!("{PLAINTEXT}\n")
        );
        let body = format!(
            "<xml>\n<AppId><![CDATA[wxbbd3f07e2945cf2a]]></AppId>\n<Encrypt><![CDATA[{ENCRYPT}]]></Encrypt>\n</xml>\n"
        );
        assert_eq!(wx(DECRYPT, &body).unwrap(), format!("{PLAINTEXT}\n"));
    }

    #[test]
    fn decrypt_failures_name_the_failure_on_one_line() {
        let mut wrong_sig = DECRYPT.to_vec();
        wrong_sig[12] = "066523677e42a15c64a725ba0058cd7651174625";
        let err = wx(&wrong_sig, ENCRYPT).unwrap_err();
        assert!(err.starts_with("bad_signature: "), "{err}");
        assert!(!err.contains('\n'));

        let mut wrong_appid = DECRYPT.to_vec();
        wrong_appid[6] = "wx134c8103faa5a59e";
        let err = wx(&wrong_appid, ENCRYPT).unwrap_err();
        assert_eq!(
            err,
            "appid_mismatch: appid mismatch: expected wx134c8103faa5a59e, found wxbbd3f07e2945cf2a"
        );

        let mut bad_key = DECRYPT.to_vec();
        bad_key[4] = "short";
        assert!(wx(&bad_key, ENCRYPT).unwrap_err().starts_with("bad_key: "));

        assert!(
            wx(DECRYPT, "<xml><AppId>x</AppId></xml>")
                .unwrap_err()
                .starts_with("bad_xml: ")
        );
        assert!(wx(DECRYPT, "").unwrap_err().starts_with("bad_signature: "));
    }

    #[test]
    fn encrypt_with_prefix_is_deterministic_and_matches_the_vector() {
        let args = [
            "encrypt",
            "--token",
            "senparc",
            "--aes-key",
            "0123456789012345678901234567890123456789012",
            "--appid",
            "wxbbd3f07e2945cf2a",
            "--timestamp",
            "1436881222",
            "--nonce",
            "296318614",
            "--random-prefix-hex",
            "39373564373530616665366430616665",
        ];
        let out = wx(&args, PLAINTEXT).unwrap();
        assert_eq!(
            out,
            format!(
                "{{\"encrypt\":\"{ENCRYPT}\",\"msg_signature\":\"066523677e42a15c64a725ba0058cd7651174624\"}}\n"
            )
        );
        // Without the prefix the output differs each time but still decrypts.
        let out = wx(&args[..11], PLAINTEXT).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut dec = DECRYPT.to_vec();
        dec[12] = v["msg_signature"].as_str().unwrap();
        assert_eq!(
            wx(&dec, v["encrypt"].as_str().unwrap()).unwrap(),
            format!("{PLAINTEXT}\n")
        );

        let mut bad = args.to_vec();
        bad[12] = "abc";
        assert_eq!(
            wx(&bad, PLAINTEXT).unwrap_err(),
            "bad_prefix: --random-prefix-hex must be 32 hex digits (16 bytes)"
        );
    }

    #[test]
    fn sign_both_kinds() {
        let base = [
            "sign",
            "--token",
            "senparc",
            "--timestamp",
            "1436881222",
            "--nonce",
            "296318614",
        ];
        assert_eq!(
            wx(&base, "").unwrap(),
            "60d1ddec039f51cc8c7ee4ea9ae9a479dd7c7d01\n"
        );
        let mut with = base.to_vec();
        with.extend(["--encrypt", ENCRYPT]);
        assert_eq!(
            wx(&with, "").unwrap(),
            "066523677e42a15c64a725ba0058cd7651174624\n"
        );
    }

    #[test]
    fn flags_are_required() {
        assert!(wx(&["decrypt", "--token", "t"], "").is_err());
    }
}
