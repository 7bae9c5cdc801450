import Foundation
public import SwitchboardCore

/// Maps platform identities to users by asking an HTTP user directory.
///
/// Each identity is POSTed to the directory's URL as JSON:
/// `{"platform": …, "channel_id": …, "user_id": …, "display_name": …}` (the display
/// name only when known). The directory answers 200 with
/// `{"username": …, "email": …, "display_name": …, "auth_source": …}` (only `username`
/// required; `auth_source` defaults to "http-mapper"), or 404 when it does not know
/// the identity. Any other answer, or none, throws an `HTTPUserMapperError`; a
/// cancelled task throws `CancellationError`.
public struct HTTPUserMapper: UserMapper {
    private let url: String
    /// The URL's host and port, for error messages.
    private let server: String
    private let timeout: Duration
    private let client: HTTPClient

    public init(url: String, timeout: Duration, client: HTTPClient) {
        self.url = url
        server = RequestURL.server(of: url)
        self.timeout = timeout
        self.client = client
    }

    /// The user the directory names for `identity`; nil when it answers 404.
    public func map(_ identity: PlatformIdentity) async throws -> MappedUser? {
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: [(name: "Content-Type", value: "application/json"), (name: "Accept", value: "application/json")],
            body: try Array(JSONEncoder().encode(DirectoryQuery(identity))),
            timeout: timeout
        )
        let response: HTTPResponse
        do {
            response = try await client.execute(request)
        } catch where error.code == .cancelled {
            throw CancellationError()
        } catch {
            throw HTTPUserMapperError(unreachable: error)
        }
        switch response.status {
        case 200:
            return try DirectoryAnswer.user(from: response.body, server: server)
        case 404:
            return nil
        default:
            throw HTTPUserMapperError(server: server, status: response.status, body: response.body)
        }
    }
}
