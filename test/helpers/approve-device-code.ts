// The "second actor" of the device code flow, run as its own process: a person who opens the verification
// page, types the user code, then picks an account (or cancels), by posting the emulator's /devicelogin forms.
// Usage: node --import tsx test/helpers/approve-device-code.ts <verification_uri> <user_code> <upn | --decline>
// Prints what the final page said; exits 1 if a page did not look as expected.
const [verificationUri, userCode, who] = process.argv.slice(2);
if (!verificationUri || !userCode || !who) {
  console.error('usage: approve-device-code.ts <verification_uri> <user_code> <upn | --decline>');
  process.exit(2);
}

async function post(form: Record<string, string>): Promise<string> {
  const res = await fetch(verificationUri!, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
  });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`POST ${verificationUri} answered ${res.status}`);
  return html;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const entry = await fetch(verificationUri);
const entryHtml = await entry.text();
if (entry.status !== 200 || !entryHtml.includes('name="otc"')) fail(`the verification page has no code field (status ${entry.status})`);

// Step 1: the code alone shows the account picker.
const picker = await post({ otc: userCode });
if (!picker.includes('Are you trying to sign in?')) fail(`the code was not accepted: ${picker.match(/id="error">([^<]*)/)?.[1] ?? 'no picker shown'}`);

// Step 2: choose the account, or cancel.
const decline = who === '--decline';
if (!decline && !picker.includes(`value="${who}"`)) fail(`the picker does not offer ${who}`);
const done = await post(decline ? { otc: userCode, action: 'decline' } : { otc: userCode, user: who });
const message = done.match(/id="message">([^<]*)</)?.[1];
if (!message) fail('no confirmation page after the choice');
const expected = decline ? /You declined to sign in/ : /You have signed in to the .* application on your device/;
if (!expected.test(message)) fail(`unexpected confirmation: ${message}`);
console.log(message);
