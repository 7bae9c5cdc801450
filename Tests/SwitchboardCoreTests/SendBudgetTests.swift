import Synchronization
import Testing
@testable import SwitchboardCore

@Suite(.timeLimit(.minutes(2))) struct SendBudgetTests {
    @Test func callsAreSpacedToTheBudget() async {
        let clock = ManualClock()
        let budget = SendBudget(perSecond: 2, clock: clock)
        let passed = Mutex<[Duration]>([])
        await budget.acquire()
        passed.withLock { $0.append(clock.now.offset) }
        let waiting = Task {
            for _ in 0..<2 {
                await budget.acquire()
                passed.withLock { $0.append(clock.now.offset) }
            }
        }
        // Move time in small steps until both waiting calls went out.
        while passed.withLock({ $0.count }) < 3 {
            await Task.yield()
            clock.advance(by: .milliseconds(50))
        }
        await waiting.value
        let times = passed.withLock { $0 }
        #expect(times[0] == .zero)
        #expect(times[1] >= .milliseconds(500), "the second call waited for its slot")
        #expect(times[2] >= .seconds(1), "the third waited for the next one")
    }
}
