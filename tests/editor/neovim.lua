-- Headless Neovim as a real LSP client of `profile-lint server` (tests/editor_neovim.rs):
-- opens a profile, waits for the diagnostics, writes them out, applies the quick fix of the
-- `boolean-literal-case` finding and writes the buffer out. Works with Neovim 0.7 and later.
local bin = os.getenv('PROFILE_LINT_BIN')
local file = os.getenv('PROFILE_LINT_FILE')
local out = os.getenv('PROFILE_LINT_OUT')

local function finish(lines, text)
  vim.fn.writefile(lines, out .. '.diagnostics')
  vim.fn.writefile(text, out .. '.text')
  vim.cmd('qa!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'profile-lint',
  cmd = { bin, 'server' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(buf, client_id)

vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local lines = {}
local target
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  local code = d.code or lsp.code
  table.insert(lines, string.format('%d:%d %s', d.lnum + 1, d.col + 1, tostring(code)))
  if code == 'S003' then
    -- Neovim 0.7 keeps only the code of the LSP diagnostic: the range is rebuilt (the
    -- profile is ASCII, so byte and UTF-16 columns agree).
    target = {
      range = {
        start = { line = d.lnum, character = d.col },
        ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
      },
      code = code,
      message = d.message,
      source = d.source,
    }
  end
end
table.sort(lines)

if target and target.range then
  local client = vim.lsp.get_client_by_id(client_id)
  local response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = target.range,
    context = { diagnostics = { target }, only = { 'quickfix' } },
  }, 10000, buf)
  for _, action in ipairs((response and response.result) or {}) do
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      table.insert(lines, 'applied: ' .. action.title)
      break
    end
  end
end

finish(lines, vim.api.nvim_buf_get_lines(buf, 0, -1, false))
