//! The HTML sign-in page a web front end shows instead of an API answer; the login
//! faults serve it so clients can learn to recognise HTML where JSON was expected.

pub(crate) fn page() -> String {
    "<!DOCTYPE html>
<html lang=\"en\">
<head><meta charset=\"utf-8\"><title>Sign in – Haiilo (demo tenant)</title></head>
<body>
<main>
<h1>Sign in</h1>
<form method=\"post\" action=\"/login\">
<label>E-mail <input type=\"email\" name=\"username\" autocomplete=\"username\"></label>
<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\"></label>
<button type=\"submit\">Sign in</button>
</form>
<p>This is a local demo tenant. This page stands for the web sign-in that a browser is sent to.</p>
</main>
</body>
</html>
"
    .to_owned()
}
