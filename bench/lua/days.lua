-- GET /api/v1/services/<id>/days, as the booking page asks for the window's days.
-- Argument after "--": the path.

local path

function init(args)
  path = args[1]
end

function request()
  count_sent()
  return wrk.format("GET", path)
end
