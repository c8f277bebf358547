"""The hall manager's console at /admin: server-rendered pages for supervisors and admins.

How a console page is made (every page follows this):
- A route in a module of `queue_server/routes/console_*.py` (router with
  `include_in_schema=False`), registered in `queue_server/app.py`.
- It takes the signed-in person as `user: ConsoleUser` (supervisor+) or `user: ConsoleAdmin`
  (admin) from `queue_server.console.session`. Without a session the browser is sent to
  /admin/login and back; an operator, a device, or a supervisor on an admin page gets the
  "not for your role" page (403). An agency-bound supervisor (`user.agency_id`) sees only
  their agency: every page filters by it.
- It answers `render(request, runtime, user, "console/NAME.html", title=..., **context)`
  (`queue_server.console.render`); templates extend `console/base.html` and fill
  `block main`. `t` holds the frame's words in the page's language (`lang`: id|en).
- Every form that changes something is a POST carrying `{{ csrf_field }}` and the route
  calls `await check_form(request, user)` (`session.py`), which checks the CSRF field and
  the Origin, and returns the form's fields.
- A page that needs live data over JavaScript reads it with the session cookie from
  same-origin JSON routes under /admin/… (never the bearer token in the page).
- The section appears in the menu by one line in `queue_server/console/nav.py`, and in the
  role table of tests/queue_server/test_console_roles.py (which fails for a console route
  that is missing from it).
"""
