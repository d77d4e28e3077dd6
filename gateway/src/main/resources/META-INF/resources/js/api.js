// Calls to the suite's /v1 API on this origin, with the API key kept in this tab's session storage.

const KEY = 'llmsuite.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY) || '',
  set: (key) => sessionStorage.setItem(KEY, key),
  forget: () => sessionStorage.removeItem(KEY),
};

/** An error answer of the API, carrying OpenAI's error message. */
export class ApiError extends Error {
  constructor(status, message, code, param) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
  }
}

function headers() {
  const h = { 'Content-Type': 'application/json' };
  if (apiKey.get()) {
    h.Authorization = `Bearer ${apiKey.get()}`;
  }
  return h;
}

async function failure(response) {
  let message = `${response.status} ${response.statusText}`;
  let code;
  let param;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) {
      message = `${response.status}: ${body.error.message}`;
      ({ code, param } = body.error);
    }
  } catch {
    // Not JSON: the status line says enough.
  }
  if (response.status === 401) {
    message += ' Enter a valid API key above.';
  }
  return new ApiError(response.status, message, code, param);
}

export async function get(path) {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) {
    throw await failure(response);
  }
  return response.json();
}

export async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
  if (!response.ok) {
    throw await failure(response);
  }
  return response.json();
}

/** POSTs a streaming request and calls onEvent with each server-sent event's JSON until [DONE]. */
export async function stream(path, body, onEvent) {
  const response = await fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify({ ...body, stream: true }) });
  if (!response.ok) {
    throw await failure(response);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) {
          continue;
        }
        const data = line.slice(5).trim();
        if (data === '[DONE]') {
          return;
        }
        onEvent(JSON.parse(data));
      }
    }
  }
}
