-- GET /api/v1/track/<token>, rotating over the tracking tokens given after "--", as the
-- phones of a hall's visitors do. The bare baseline answers the same paths.

local paths = {}
local counter = 0

function init(args)
  for i, token in ipairs(args) do
    paths[i] = "/api/v1/track/" .. token
  end
  -- Threads start at different tokens, so they do not walk the list in step.
  counter = thread_id * 7
end

function request()
  counter = counter + 1
  count_sent()
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
