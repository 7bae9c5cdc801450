import SwitchboardDigest
import Testing

/// SHA-256 and HMAC-SHA256 against published test vectors (FIPS 180-4 examples, RFC 4231).
struct DigestTests {
    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test func sha256MatchesTheStandardExamples() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Two blocks of padding: 56 bytes leave no room for the length in the first.
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func hmacMatchesRFC4231() {
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        #expect(hex(HMACSHA256.authenticationCode(for: Array("Hi There".utf8), key: key1))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(HMACSHA256.authenticationCode(for: "what do ya want for nothing?", key: "Jefe"))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // A key longer than a block is hashed first (test case 6).
        let longKey = [UInt8](repeating: 0xaa, count: 131)
        #expect(hex(HMACSHA256.authenticationCode(for: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8), key: longKey))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func constantTimeEqualityComparesWholeStrings() {
        #expect(constantTimeEqual(Array("secret".utf8), Array("secret".utf8)))
        #expect(!constantTimeEqual(Array("secret".utf8), Array("secreT".utf8)))
        #expect(!constantTimeEqual(Array("secret".utf8), Array("secret!".utf8)))
        #expect(constantTimeEqual([UInt8](), [UInt8]()))
    }
}
