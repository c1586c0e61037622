// Entry of the browser client: a thin renderer of what the server decides.
const status = document.getElementById('status')!;

async function boot() {
  try {
    const res = await fetch('/readyz');
    const body = await res.json();
    status.textContent = res.ok ? 'Server ready.' : `Server not ready: ${(body.down ?? []).join(', ')}`;
  } catch {
    status.textContent = 'Server unreachable.';
  }
}

void boot();
