-- wrk script: every request asks for a random term page, from the slugs in SLUGS_FILE.
local slugs = {}
for line in io.lines(os.getenv("SLUGS_FILE")) do
  slugs[#slugs + 1] = line
end

local thread_seed = 0
setup = function(thread)
  thread_seed = thread_seed + 1
  thread:set("seed", thread_seed)
end

init = function(args)
  math.randomseed(os.time() + (seed or 0))
end

request = function()
  return wrk.format("GET", "/terms/" .. slugs[math.random(#slugs)] .. "/")
end
