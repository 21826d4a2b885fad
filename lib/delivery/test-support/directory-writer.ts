// Child process of the directory kill test: `node --import tsx directory-writer.ts <root> <count> [loop]`
// delivers the same sample batch to <root>, once or over and over until killed.
import { deliverToDirectory } from "../directory-destination";
import { sampleEvents } from "./sample-events";

const [root, count, loop] = process.argv.slice(2);
const events = sampleEvents(Number(count), 512);
do {
  await deliverToDirectory(root, "Kill test / set", events);
} while (loop === "loop");
