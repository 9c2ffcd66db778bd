// A real OpenID Connect provider for Cap's SSO tier (.ci/run starts it; tests/sso/).
// panva/oidc-provider (OpenID Certified): authorization code + PKCE, signed ID tokens,
// JWKS, userinfo. One static client ("cap") and the users of users.json; the login page
// below checks their passwords, and consent is implied (a town hall's own provider).
//
//   node .ci/oidc/server.mjs            # listens on OIDC_TEST_PORT (9411) on 127.0.0.1
import { readFileSync } from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT || 9411);
const issuer = `http://127.0.0.1:${port}`;
const users = JSON.parse(readFileSync(new URL('./users.json', import.meta.url)));

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'cap',
      client_secret: 'cap-ci-secret',
      // Cap's side of tests/sso/test_oidc.py runs in Django's test client (host
      // "testserver"); the provider's side is driven over real HTTP.
      redirect_uris: ['http://testserver/oidc/callback/'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
    },
    {
      // As ProConnect does: the userinfo answered as a signed JWT (application/jwt).
      client_id: 'cap-jwt',
      client_secret: 'cap-ci-secret',
      redirect_uris: ['http://testserver/oidc/callback/'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
    },
  ],
  async findAccount(ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...user.claims }; } };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'preferred_username'],
    groups: ['groups', 'cap_unit'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  features: { devInteractions: { enabled: false }, jwtUserinfo: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['cap-ci-only-cookie-key'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError(ctx, out) {
    ctx.type = 'text/plain';
    ctx.body = `error: ${out.error}: ${out.error_description || ''}`;
  },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));

const page = (uid, message = '') => `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Annuaire de test</title></head><body><h1>Connexion à l'annuaire de test</h1>
${message ? `<p role="alert">${message}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Identifiant <input name="login" autocomplete="username"></label>
<label>Mot de passe <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Se connecter</button></form></body></html>`;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

async function grantFor(details, accountId) {
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  return grant.save();
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt } = details;
  if (req.method === 'POST' && req.url.endsWith('/login')) {
    const form = await readForm(req);
    const user = users[form.login];
    if (!user || user.password !== form.password) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(uid, 'Identifiant ou mot de passe incorrect.'));
      return;
    }
    const grantId = await grantFor(details, form.login);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: form.login }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (prompt.name === 'consent') {
    const grantId = await grantFor(details, details.session.accountId);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page(uid));
}

const callback = provider.callback();
http
  .createServer((req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((err) => {
        console.error(err);
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
      return;
    }
    callback(req, res);
  })
  .listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
