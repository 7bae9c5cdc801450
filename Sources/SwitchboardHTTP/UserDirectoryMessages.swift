import Foundation
import SwitchboardCore

/// The JSON body of a directory query.
struct DirectoryQuery: Encodable {
    let platform: String
    let channelID: String
    let userID: String
    let displayName: String?

    init(_ identity: PlatformIdentity) {
        platform = identity.platform
        channelID = identity.channelID
        userID = identity.userID
        displayName = identity.displayName
    }

    enum CodingKeys: String, CodingKey {
        case platform, channelID = "channel_id", userID = "user_id", displayName = "display_name"
    }
}

/// The JSON body of a directory's 200 answer.
struct DirectoryAnswer: Decodable {
    let username: String
    let email: String?
    let displayName: String?
    let authSource: String?

    enum CodingKeys: String, CodingKey {
        case username, email, displayName = "display_name", authSource = "auth_source"
    }

    /// The user `body` names, or an error saying what is wrong with it.
    static func user(from body: [UInt8], server: String) throws(HTTPUserMapperError) -> MappedUser {
        let answer: DirectoryAnswer
        do {
            answer = try JSONDecoder().decode(DirectoryAnswer.self, from: Data(body))
        } catch {
            throw HTTPUserMapperError(server: server, unusableBody: body, reason: Self.reason(error))
        }
        guard !answer.username.isEmpty else {
            throw HTTPUserMapperError(server: server, unusableBody: body, reason: "\"username\" is empty")
        }
        return MappedUser(username: answer.username, email: answer.email, displayName: answer.displayName,
                          authSource: answer.authSource ?? "http-mapper")
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty,
             DecodingError.valueNotFound(_, let context) where !context.codingPath.isEmpty:
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" is not a string"
        case DecodingError.typeMismatch:
            "not a JSON object"
        default:
            "not JSON"
        }
    }
}
