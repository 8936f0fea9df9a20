package io.bramble.center.api;

import io.bramble.center.auth.Role;

/** Who may call a route: nobody needs to be known (only /healthz and login), an agent, or a person of at least a role. */
public sealed interface Access {
    record Open() implements Access {}

    record Agent() implements Access {}

    record JoinToken() implements Access {}

    record Person(Role min) implements Access {}

    Access OPEN = new Open();
    Access AGENT = new Agent();
    Access JOIN = new JoinToken();
    Access VIEWER = new Person(Role.VIEWER);
    Access OPERATOR = new Person(Role.OPERATOR);
    Access ADMIN = new Person(Role.ADMIN);
}
