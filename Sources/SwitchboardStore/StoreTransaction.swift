public import Foundation
import GRDB

/// The store's operations, available inside `Store.write` and `Store.read`.
///
/// Every method runs in the enclosing transaction; nothing is visible to other
/// readers until a write transaction commits.
public struct StoreTransaction {
    let db: Database
    /// The time of the transaction, from the store's clock.
    public let now: Date
}
