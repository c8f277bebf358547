"""The login throttle on its own: reserve before checking, per address first, growing
delays, a short user-name lock, bounded memory."""

from __future__ import annotations

from queue_server.login_throttle import ADDRESS_MAX_BLOCK, LoginThrottle, address_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def throttle(attempts: int = 5, window: float = 300.0, **kw: int) -> tuple[LoginThrottle, Clock]:
    clock = Clock()
    return LoginThrottle(attempts, window, clock=clock, **kw), clock


def fail(t: LoginThrottle, user: str, address: str) -> bool:
    """One wrong password; False when it was refused before being checked."""
    attempt = t.reserve(user, address)
    if attempt.refused:
        return False
    t.failed(attempt)
    return True


def test_attempts_in_flight_use_up_the_budget_before_any_is_checked() -> None:
    t, _ = throttle()
    # One address trying many names, and one name tried from many addresses.
    by_address = [t.reserve(f"user{i}", "10.0.0.9") for i in range(20)]
    by_name = [t.reserve("budi", f"10.0.1.{i}") for i in range(20)]
    for reserved in (by_address, by_name):
        assert sum(not a.refused for a in reserved) == 5
        assert all(a.retry_after >= 1 for a in reserved if a.refused)


def test_a_right_password_gives_its_reservation_back() -> None:
    t, _ = throttle()
    for _ in range(10):
        attempt = t.reserve("budi", "10.0.0.9")
        assert not attempt.refused
        t.succeeded(attempt)


def test_an_address_waits_longer_each_time_it_is_blocked_up_to_a_day() -> None:
    t, clock = throttle()
    waits = []
    for _ in range(12):
        for i in range(5):
            assert fail(t, f"user{i}", "10.0.0.9")
        refused = t.reserve("someone", "10.0.0.9")
        assert refused.refused
        waits.append(refused.retry_after)
        clock.now += refused.retry_after
    assert waits[:4] == [300, 600, 1200, 2400]
    assert max(waits) == ADDRESS_MAX_BLOCK


def test_a_stranger_locks_a_user_name_out_for_one_window_at_most() -> None:
    t, clock = throttle()
    # Strangers from many addresses, each well within its own budget.
    for round_ in range(20):
        for i in range(5):
            fail(t, "operator1", f"198.51.100.{round_ * 5 + i}")
        refused = t.reserve("operator1", "192.0.2.1")
        assert refused.refused and refused.retry_after <= 300
        clock.now += refused.retry_after


def test_a_blocked_address_adds_nothing_to_the_user_names_count() -> None:
    t, _ = throttle()
    for i in range(5):
        assert fail(t, f"other{i}", "203.0.113.7")
    for _ in range(100):  # the stranger keeps trying the operator's name: refused by address
        assert t.reserve("operator1", "203.0.113.7").refused
    assert not t.reserve("operator1", "192.0.2.1").refused


def test_the_users_own_desk_is_not_locked_by_strangers() -> None:
    t, _ = throttle()
    t.succeeded(t.reserve("operator1", "10.1.1.20"))  # they signed in at their counter's PC
    for i in range(50):
        fail(t, "operator1", f"198.51.100.{i}")
    assert t.reserve("operator1", "198.51.100.200").refused
    assert not t.reserve("operator1", "10.1.1.20").refused


def test_memory_stays_bounded_with_many_distinct_keys() -> None:
    t, _ = throttle(max_keys=1000)
    for i in range(50_000):
        attempt = t.reserve(f"user{i}", f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}")
        if i % 2:
            t.failed(attempt)
        else:
            t.succeeded(attempt)
    assert t.tracked() <= 3 * 1000


def test_a_new_address_is_throttled_also_when_the_table_is_full() -> None:
    t, _ = throttle(max_keys=100)
    for i in range(100):
        fail(t, f"user{i}", f"198.51.100.{i}")
    for _ in range(5):
        assert fail(t, "admin", "203.0.113.7")
    assert t.reserve("admin", "203.0.113.7").refused


def test_flooding_with_new_keys_does_not_free_the_attackers_own_address() -> None:
    t, clock = throttle(max_keys=100)
    for i in range(5):
        fail(t, f"x{i}", "203.0.113.7")
    for i in range(10_000):  # a flood of other addresses, while the attacker keeps knocking
        fail(t, "anyone", f"198.51.{i >> 8 & 255}.{i & 255}")
        if i % 50 == 0:
            assert t.reserve("admin", "203.0.113.7").refused
        clock.now += 0.01
    assert t.reserve("admin", "203.0.113.7").refused


def test_ipv6_addresses_count_per_64_block() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("testclient") == "testclient"
