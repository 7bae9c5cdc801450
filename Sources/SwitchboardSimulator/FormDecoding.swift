import Foundation
import Hummingbird
import HummingbirdCore

/// `text` decoded as `application/x-www-form-urlencoded` (a form body, or a query as
/// servers decode it): "+" is a space, percent escapes are decoded.
func formDecoded(_ text: String) -> [String: String] {
    var parameters: [String: String] = [:]
    for (name, value) in URI("?" + text.replacingOccurrences(of: "+", with: "%20")).queryParameters {
        parameters[String(name)] = String(value)
    }
    return parameters
}
