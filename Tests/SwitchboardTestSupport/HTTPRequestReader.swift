import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads one HTTP/1.1 request (head, then a Content-Length body) from a connection.
struct HTTPRequestReader {
    let connection: Int32
    private var buffer: [UInt8] = []

    init(connection: Int32) {
        self.connection = connection
    }

    /// The request, or nil when the connection closes before it is complete.
    mutating func read() -> RecordedRequest? {
        guard let headEnd = receiveHead() else { return nil }
        let headLines = String(decoding: buffer[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = headLines[0].split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        let headers = headLines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var request = RecordedRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
        let bodyStart = headEnd.upperBound
        let bodyLength = request.header("Content-Length").flatMap { Int($0) } ?? 0
        while buffer.count < bodyStart + bodyLength {
            guard receiveMore() else { return nil }
        }
        request.body = Array(buffer[bodyStart..<bodyStart + bodyLength])
        return request
    }

    /// Receives until the blank line that ends the head; the range of that CRLFCRLF.
    private mutating func receiveHead() -> Range<Int>? {
        while true {
            if let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) { return end }
            guard receiveMore() else { return nil }
        }
    }

    /// Appends what the connection has next; false at its end.
    private mutating func receiveMore() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }
}
