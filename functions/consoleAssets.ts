// GET /api/console (function key; in Azure, Entra ID sign-in, see CONSOLE_SIGN_IN_PATH): the operator console page, one document with its
// styles and scripts inlined (built by `npm run build`; uPlot from node_modules). The page reads the bank's APIs
// with the same key or sign-in; it holds no data itself.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { consolePage } from "../lib/composition/consolePage.js";
import { services } from "../lib/composition/services.js";

/** Answers the page for `console` and `console/index.html`, 404 for any other path. */
export async function consoleAssets(request: HttpRequest): Promise<HttpResponseInit> {
  const path = request.params["path"] ?? "";
  if (path !== "" && path !== "index.html") return { status: 404, jsonBody: { error: "no such console page" } };
  // In Azure the page's path is excluded from App Service Authentication: a browser without a session signs in first.
  const { signInPath } = (await services()).config.console;
  if (signInPath && !request.headers.get("x-ms-client-principal")) {
    const back = new URL(request.url);
    const location = `${signInPath}?post_login_redirect_uri=${encodeURIComponent(back.pathname + back.search)}`;
    return { status: 302, headers: { location, "cache-control": "no-store" } };
  }
  const { html, contentSecurityPolicy } = await consolePage();
  return {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": contentSecurityPolicy,
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
    body: html,
  };
}

app.http("consoleAssets", {
  methods: ["GET"],
  route: "console/{*path}",
  authLevel: "function",
  handler: consoleAssets,
});
