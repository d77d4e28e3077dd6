// What every panel shares: showing an API failure, and filling a select.

const errorBox = document.getElementById('error');

/** Runs an action, showing its failure (OpenAI's error message) in the alert region. */
export async function guarded(action) {
  errorBox.hidden = true;
  try {
    await action();
  } catch (e) {
    errorBox.textContent = e.message;
    errorBox.hidden = false;
  }
}

/** Fills a select with options, keeping the current choice when it is still there. */
export function fillSelect(select, values, preferred) {
  const current = select.value || preferred;
  select.replaceChildren(...values.map((v) => {
    const option = document.createElement('option');
    option.value = v;
    option.textContent = v;
    return option;
  }));
  if (values.includes(current)) {
    select.value = current;
  }
}
