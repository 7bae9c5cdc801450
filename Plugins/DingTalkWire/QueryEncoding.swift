#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `text` percent-encoded for a URL query: everything but RFC 3986's unreserved
/// characters (so `+`, `/` and `=` of a base64 value survive).
public func queryEncoded(_ text: String) -> String {
    let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
    let hex = Array("0123456789ABCDEF")
    var encoded = ""
    for byte in text.utf8 {
        if unreserved.contains(byte) {
            encoded.append(Character(Unicode.Scalar(byte)))
        } else {
            encoded += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0f)])
        }
    }
    return encoded
}

/// Unix time in milliseconds, as DingTalk's timestamps count it.
public func unixMilliseconds() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}
