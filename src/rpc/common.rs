//! Wire names and fixed values of the RPC common parameters.

/// `Action`.
pub const ACTION: &str = "Action";
/// `Version`.
pub const VERSION: &str = "Version";
/// `Format`: `JSON` or `XML`.
pub const FORMAT: &str = "Format";
/// `AccessKeyId`.
pub const ACCESS_KEY_ID: &str = "AccessKeyId";
/// `SignatureMethod`.
pub const SIGNATURE_METHOD: &str = "SignatureMethod";
/// `SignatureVersion`.
pub const SIGNATURE_VERSION: &str = "SignatureVersion";
/// `SignatureNonce`.
pub const SIGNATURE_NONCE: &str = "SignatureNonce";
/// `Timestamp`.
pub const TIMESTAMP: &str = "Timestamp";
/// `SecurityToken`: STS credentials only.
pub const SECURITY_TOKEN: &str = "SecurityToken";
/// The name of the parameter that carries the signature; never part of what is signed.
pub const SIGNATURE: &str = "Signature";
/// The name of the STS token header.
pub const SECURITY_TOKEN_HEADER: &str = "x-acs-security-token";
/// `SignatureType`: sent empty by some SDKs.
pub const SIGNATURE_TYPE: &str = "SignatureType";

/// The value of `SignatureMethod` for V1.
pub const HMAC_SHA1: &str = "HMAC-SHA1";
/// The value of `SignatureVersion` for V1.
pub const SIGNATURE_VERSION_1_0: &str = "1.0";
