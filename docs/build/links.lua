-- Relative links in docs/*.md point at files of the repository. In the PDF they would resolve
-- against docs/build/target, so point them at the repository instead: DOCS_LINK_BASE (e.g. a
-- GitHub ".../blob/main/" URL) when it is set, else the clone's files (file://).
local base = os.getenv("DOCS_LINK_BASE")
local root = os.getenv("DOCS_ROOT")
local src_dir = os.getenv("DOCS_SRC_DIR") or "docs"

local function normalize(path)
  local parts = {}
  for part in path:gmatch("[^/]+") do
    if part == ".." then
      table.remove(parts)
    elseif part ~= "." then
      table.insert(parts, part)
    end
  end
  return table.concat(parts, "/")
end

function Link(link)
  local target = link.target
  if target:match("^%a[%w+.-]*:") or target:match("^#") or target:match("^//") then
    return nil
  end
  local path, anchor = target:match("^([^#]*)(.*)$")
  local repo_path = normalize(src_dir .. "/" .. path)
  if base and base ~= "" then
    link.target = base .. repo_path .. anchor
  elseif root then
    link.target = "file://" .. root .. "/" .. repo_path .. anchor
  end
  return link
end
