import SwitchboardDigest
import SwitchboardProviderKit

/// Who a browser is and whether it may in: a session cookie that maps to a platform
/// user id, and, when the channel has an access token, proof that the browser knows it.
///
/// Neither secret is kept anywhere: user ids are derived from the session secret, and
/// the token is compared by digest.
struct BrowserGate {
    static let sessionCookie = "sbwc_session"
    static let authCookie = "sbwc_auth"

    /// The digest the auth cookie carries, or nil when the channel needs no token.
    private let tokenDigest: String?
    /// The path the cookies are scoped to: the page's own.
    private let cookiePath: String
    private let secureCookies: Bool

    init(accessToken: String?, cookiePath: String, secureCookies: Bool) {
        tokenDigest = accessToken.flatMap { $0.isEmpty ? nil : Self.digest(ofToken: $0) }
        self.cookiePath = cookiePath
        self.secureCookies = secureCookies
    }

    var needsToken: Bool { tokenDigest != nil }

    /// Whether the request may use the chat: no token is configured, or it carries the
    /// auth cookie (which only the slowed-down login hands out).
    func admits(_ request: HostWebhookRequest) -> Bool {
        guard let tokenDigest else { return true }
        guard let cookie = Self.cookie(Self.authCookie, in: request) else { return false }
        return constantTimeEqual(cookie.utf8, tokenDigest.utf8)
    }

    /// Whether `token` is the channel's access token.
    func accepts(token: String) -> Bool {
        guard let tokenDigest else { return true }
        return constantTimeEqual(Self.digest(ofToken: token).utf8, tokenDigest.utf8)
    }

    /// What the auth cookie carries for `token`.
    private static func digest(ofToken token: String) -> String {
        SHA256.hex("switchboard-webchat/token/" + token)
    }

    /// The session secret the browser holds, when it holds a well-formed one.
    func sessionSecret(of request: HostWebhookRequest) -> String? {
        guard let secret = Self.cookie(Self.sessionCookie, in: request), secret.utf8.count == 64,
              secret.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return secret
    }

    /// The platform user id (and chat id) of a session.
    static func chatID(ofSession secret: String) -> String {
        "web-" + SHA256.hex("switchboard-webchat/session/" + secret).prefix(24)
    }

    /// A fresh session secret and the header field that hands it to the browser.
    func newSession() -> (secret: String, header: (name: String, value: String)) {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<4).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
        return (secret, setCookie(Self.sessionCookie, secret))
    }

    /// The header field that remembers the token in the browser.
    func authCookieHeader() -> (name: String, value: String)? {
        tokenDigest.map { setCookie(Self.authCookie, $0) }
    }

    private func setCookie(_ name: String, _ value: String) -> (name: String, value: String) {
        ("Set-Cookie", "\(name)=\(value); Path=\(cookiePath); Max-Age=31536000; HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : ""))
    }

    /// The value of cookie `name`, from every Cookie header field of the request.
    static func cookie(_ name: String, in request: HostWebhookRequest) -> String? {
        for field in request.headers where field.name.lowercased() == "cookie" {
            for pair in field.value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingSpaces == name { return String(parts[1].trimmingSpaces) }
            }
        }
        return nil
    }

}

extension Substring {
    /// Without leading and trailing spaces.
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
