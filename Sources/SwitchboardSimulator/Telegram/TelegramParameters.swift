import Foundation
import Hummingbird
import HummingbirdCore

/// A method call's parameters, from the query string and the body — form-urlencoded,
/// JSON or multipart/form-data — the body's winning. Read leniently, as Telegram does:
/// integers may come as strings, and objects and arrays as JSON text.
struct TelegramParameters {
    private var values: [String: JSONValue] = [:]

    init(_ request: Request, context: SimulatorContext) async throws(TelegramAPIError) {
        for (name, value) in request.uri.queryParameters { values[String(name)] = .string(String(value)) }
        let body: [UInt8]
        do {
            // The recorder collected it already: this only hands it over.
            body = Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        } catch {
            throw .badRequest("request body is too big")
        }
        guard !body.isEmpty else { return }
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        switch mediaType {
        case "application/json":
            guard case let .object(object)? = try? TelegramJSON.decoder.decode(JSONValue.self, from: Data(body)) else {
                throw .badRequest("can't parse JSON object")
            }
            values.merge(object) { _, body in body }
        case "multipart/form-data":
            guard let boundary = MultipartFormData.boundary(in: contentType),
                  let fields = MultipartFormData.fields(in: body, boundary: boundary) else {
                throw .badRequest("can't parse multipart/form-data")
            }
            for field in fields { values[field.name] = .string(field.value) }
        default:
            for (name, value) in formDecoded(String(decoding: body, as: UTF8.self)) { values[name] = .string(value) }
        }
    }

    /// `name` as text: strings as they are, numbers and booleans written out.
    func string(_ name: String) -> String? {
        switch values[name] {
        case let .string(text): text
        case let .integer(integer): String(integer)
        case let .number(number): String(number)
        case let .bool(bool): String(bool)
        default: nil
        }
    }

    /// `name` as an integer, from a number or a string of digits; nil when absent or not one.
    func integer(_ name: String) -> Int64? {
        switch values[name] {
        case let .integer(integer): integer
        case let .string(text): Int64(text.trimmingCharacters(in: .whitespaces))
        case let .number(number): Int64(exactly: number)
        default: nil
        }
    }

    /// `name` as an Int, when it fits one.
    func int(_ name: String) -> Int? {
        integer(name).flatMap { Int(exactly: $0) }
    }

    /// `name` as a boolean: true, "true" or 1; false when absent.
    func bool(_ name: String) -> Bool {
        switch values[name] {
        case let .bool(bool): bool
        case let .integer(integer): integer != 0
        case let .string(text): ["true", "1"].contains(text.lowercased())
        default: false
        }
    }

    /// `name` decoded as `Value`, from JSON or from JSON text; nil when absent.
    func decode<Value: Decodable>(_ name: String, as type: Value.Type) throws(TelegramAPIError) -> Value? {
        guard let value = values[name] else { return nil }
        do {
            // Objects and arrays come as JSON text in forms and queries.
            let json = if case let .string(text) = value { Data(text.utf8) } else { try JSONEncoder().encode(value) }
            return try TelegramJSON.decoder.decode(Value.self, from: json)
        } catch {
            throw .badRequest("can't parse \(name) JSON object")
        }
    }
}
