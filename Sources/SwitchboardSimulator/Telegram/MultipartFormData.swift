import Foundation

/// The text fields of a `multipart/form-data` body (RFC 7578); file parts count as
/// fields too, their content as text.
enum MultipartFormData {
    /// The boundary a `Content-Type` header value names, if it is multipart/form-data.
    static func boundary(in contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        return parts.dropFirst().lazy.compactMap { part -> String? in
            guard part.lowercased().hasPrefix("boundary=") else { return nil }
            let value = part.dropFirst("boundary=".count)
            return value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? String(value.dropFirst().dropLast()) : String(value)
        }.first
    }

    /// Each part's name and content, in order; nil when the body is not multipart with `boundary`.
    static func fields(in body: [UInt8], boundary: String) -> [(name: String, value: String)]? {
        let delimiter = Array("--\(boundary)".utf8)
        guard var cursor = body.firstRange(of: delimiter)?.upperBound else { return nil }
        var fields: [(name: String, value: String)] = []
        let separator = Array("\r\n\r\n".utf8)
        while let next = body[cursor...].firstRange(of: Array("\r\n".utf8) + delimiter) {
            let part = body[cursor..<next.lowerBound]
            cursor = next.upperBound
            guard let headerEnd = part.firstRange(of: separator),
                  let name = fieldName(in: String(decoding: part[..<headerEnd.lowerBound], as: UTF8.self)) else { continue }
            fields.append((name, String(decoding: part[headerEnd.upperBound...], as: UTF8.self)))
        }
        return fields
    }

    /// The `name` of a part's `Content-Disposition: form-data; name="…"` header.
    private static func fieldName(in headers: String) -> String? {
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            for parameter in line.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
            where parameter.hasPrefix("name=") {
                return String(parameter.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
