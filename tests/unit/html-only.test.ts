import { describe, expect, it } from "vitest";
import { withoutAppScripts } from "@/bench/support/html-only";

const page = [
  '<html><head><link rel="stylesheet" href="/_next/static/chunks/a.css"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/b.js"/></head><body>',
  '<script src="/_next/static/chunks/c.js" async=""></script>',
  '<script nonce="n" id="_R_">(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({})</script>',
  '<template id="B:1"></template><div hidden id="S:1"><p>rows</p></div>',
  '<script nonce="n">$RB=[];$RV=function(a){}</script><script nonce="n">$RC("B:1","S:1")</script>',
  '<script nonce="n">(self.__next_f=self.__next_f||[]).push([0])</script>',
  '<script nonce="n">self.__next_f.push([1,"$RC in a payload"])</script></body></html>',
].join("");

describe("withoutAppScripts", () => {
  it("drops script files, their preloads, the RSC payload and the chunk list", () => {
    const html = withoutAppScripts(page);
    expect(html).not.toContain("c.js");
    expect(html).not.toContain("b.js");
    expect(html).not.toContain("__next_f");
    expect(html).not.toContain("TURBOPACK");
  });

  it("keeps the markup, the stylesheet and React's streaming instructions", () => {
    const html = withoutAppScripts(page);
    expect(html).toContain('href="/_next/static/chunks/a.css"');
    expect(html).toContain('<div hidden id="S:1"><p>rows</p></div>');
    expect(html).toContain('<script nonce="n">$RC("B:1","S:1")</script>');
    expect(html).toContain("$RV=function");
  });
});
