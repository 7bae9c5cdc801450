/// The app's access token: fetched when first needed, kept until five minutes before
/// DingTalk says it expires, fetched anew when DingTalk refuses it. Callers waiting
/// while a token is fetched share that one fetch. Lives on the instance's executor.
final class AccessTokens {
    /// What the token endpoint takes.
    struct Credentials: Encodable {
        var appKey: String
        var appSecret: String
    }

    /// What the token endpoint answers.
    struct Grant: Decodable {
        var accessToken: String
        /// Seconds the token is valid for (7200).
        var expireIn: Int
    }

    typealias Fetch = (Credentials, @escaping (Result<Grant, DingTalkAPIError>) -> Void) -> Void

    /// How long before its expiry a token is replaced.
    static let refreshMargin: Duration = .seconds(300)

    private let credentials: Credentials
    private var current: (token: String, renewAt: ContinuousClock.Instant)?
    private var waiting: [(Result<String, DingTalkAPIError>) -> Void] = []

    init(clientID: String, clientSecret: String) {
        credentials = Credentials(appKey: clientID, appSecret: clientSecret)
    }

    /// Calls `body` with a valid token, fetching one with `fetch` when there is none.
    func withToken(fetch: Fetch, _ body: @escaping (Result<String, DingTalkAPIError>) -> Void) {
        if let current, ContinuousClock.now < current.renewAt { return body(.success(current.token)) }
        waiting.append(body)
        guard waiting.count == 1 else { return }
        let requested = ContinuousClock.now
        fetch(credentials) { [weak self] result in
            guard let self else { return }
            let answer = result.map { grant in
                // Half its life when the lifetime is too short for the margin.
                let lifetime = Duration.seconds(max(grant.expireIn, 0))
                let margin = lifetime > Self.refreshMargin * 2 ? Self.refreshMargin : lifetime / 2
                current = (grant.accessToken, requested + lifetime - margin)
                return grant.accessToken
            }
            let callers = waiting
            waiting.removeAll()
            for caller in callers { caller(answer) }
        }
    }

    /// Drops `token` if it is the current one (DingTalk refused it).
    func forget(_ token: String) {
        if current?.token == token { current = nil }
    }

    /// Drops the current token and every waiter (the channel stops).
    func reset() {
        current = nil
        waiting.removeAll()
    }
}
