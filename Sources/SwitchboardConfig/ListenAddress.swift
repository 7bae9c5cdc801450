/// A TCP address to listen on, written `host:port` or `[v6-address]:port`.
public struct ListenAddress: Sendable, Hashable, LosslessStringConvertible {
    /// A host name, IPv4 address or IPv6 address (without brackets).
    public var host: String
    /// The port, 0 to 65535; 0 lets the system choose.
    public var port: Int

    /// The address `host`:`port`.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`; nil when malformed or the port is out of range.
    public init?(_ description: String) {
        let hostPart: Substring
        let portPart: Substring
        if description.hasPrefix("["), let close = description.range(of: "]:") {
            hostPart = description[description.index(after: description.startIndex)..<close.lowerBound]
            portPart = description[close.upperBound...]
        } else if let colon = description.lastIndex(of: ":") {
            hostPart = description[..<colon]
            portPart = description[description.index(after: colon)...]
            guard !hostPart.contains(":") else { return nil }
        } else {
            return nil
        }
        guard !hostPart.isEmpty, !portPart.isEmpty, portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber),
              let port = Int(portPart), port <= 65535
        else { return nil }
        self.init(host: String(hostPart), port: port)
    }

    /// `host:port`, with the host in brackets when it is an IPv6 address.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whether only this machine can connect: `localhost`, `127.x.x.x` or `::1`.
    public var isLoopback: Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4Loopback = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return host.lowercased() == "localhost" || isIPv4Loopback || host == "::1" || host == "0:0:0:0:0:0:0:1"
    }

    /// The default webhook ingress address, `127.0.0.1:8080`.
    public static let defaultIngress = ListenAddress(host: "127.0.0.1", port: 8080)
    /// The default admin address, `127.0.0.1:8081`.
    public static let defaultAdmin = ListenAddress(host: "127.0.0.1", port: 8081)
}
