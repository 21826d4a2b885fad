// The AWS SDK packages are pinned to releases that support Node 20 (package.json), so the SDK's warning that later
// releases will need Node 22 tells an operator nothing they can act on; it would print at every server start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
