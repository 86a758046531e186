/**
 * The overview's only stylesheet, inline: no external fonts or files, so the page is one request
 * and works behind any proxy. Readable line length, system fonts, dark mode from the system
 * setting, and nothing wider than the screen at 375 px (long ministry names, URLs and tags wrap;
 * images and tables of a release's text shrink or scroll inside themselves).
 */
export const OVERVIEW_STYLE = `
:root{color-scheme:light dark;--fg:#1c1c1c;--muted:#595959;--bg:#fff;--accent:#0b5394;--line:#d6d6d6;--soft:#f1f4f8}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--muted:#a6a6a6;--bg:#141414;--accent:#8cc4ff;--line:#3a3a3a;--soft:#1f2630}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.25rem;margin:2.25rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
p{margin:.5rem 0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-100vw}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem .5rem}
.muted,.meta,.hint{color:var(--muted)}
.meta,.hint{font-size:.9rem}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.75rem 0}
.subscribe{background:var(--soft);border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.formats{white-space:nowrap}
.formats a{display:inline-block;padding:.1rem .45rem;margin:.1rem .1rem .1rem 0;border:1px solid var(--line);border-radius:.3rem;font-size:.85rem;text-decoration:none}
.formats a:hover{background:var(--soft)}
.count{display:inline-block;min-width:2em;padding:0 .4em;border-radius:1em;background:var(--soft);font-size:.85rem;text-align:center;font-variant-numeric:tabular-nums}
ol.items,ul.ministries,ul.tags{list-style:none;padding:0;margin:0}
ol.items>li{padding:.75rem 0;border-bottom:1px solid var(--line)}
ol.items .title{font-weight:600;font-size:1.05rem}
ul.item-tags{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;padding:0;margin:.25rem 0 0;font-size:.9rem}
ul.ministries>li{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem .75rem;padding:.6rem 0;border-bottom:1px solid var(--line)}
ul.ministries .name{flex:1 1 16rem;hyphens:auto}
ul.tags{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:0 1.5rem}
ul.tags>li{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem .5rem;padding:.35rem 0;border-bottom:1px solid var(--line)}
ul.tags .label{flex:1 1 8rem;hyphens:auto}
details{margin-top:1rem}
summary{cursor:pointer;color:var(--accent);padding:.25rem 0}
form{display:grid;gap:1rem}
fieldset{border:1px solid var(--line);border-radius:.5rem;margin:0;padding:.5rem 1rem .75rem;min-width:0}
legend,.field>label{font-weight:600}
.checks{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.35rem 1rem}
.checks label,.radios label{display:flex;gap:.5rem;align-items:baseline}
.radios{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
.field{display:grid;gap:.25rem}
input[type=text],input[type=search]{width:100%;max-width:40rem;font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:.35rem;background:var(--bg);color:var(--fg)}
button{white-space:nowrap;overflow-wrap:normal;flex:none;font:inherit;padding:.5rem 1rem;border-radius:.35rem;border:1px solid var(--accent);background:var(--accent);color:var(--bg);cursor:pointer}
button.secondary{background:transparent;color:var(--accent)}
.actions{display:flex;flex-wrap:wrap;gap:.5rem}
.copy-row{display:flex;gap:.5rem;max-width:40rem}
.copy-row input{flex:1 1 auto;min-width:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}
header .site{margin:0 0 .5rem;font-size:.9rem}
.teaser{margin:.25rem 0 0}
.paging{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:1rem 0}
.paging a,.chip{display:inline-block;padding:.3rem .7rem;border:1px solid var(--line);border-radius:1rem;text-decoration:none}
ul.chips{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.25rem 0 1rem}
.chip{background:var(--soft);font-size:.9rem}
.chip.clear{background:transparent}
.subscribe p{margin:.25rem 0}
article .lead{font-weight:600}
article img{max-width:100%;height:auto}
figure{margin:1rem 0}
figcaption{font-size:.9rem;color:var(--muted)}
ul.addresses,ul.sources{padding-left:1.25rem}
table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse}
del{text-decoration:line-through;background:var(--soft)}ins{text-decoration:underline;background:var(--soft)}
del::before{content:"[− "}del::after{content:"]"}ins::before{content:"[+ "}ins::after{content:"]"}
ol.revisions{padding-left:1.25rem}ol.revisions>li{margin:.75rem 0}
footer{margin-top:3rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--line);font-size:.9rem;color:var(--muted)}
footer ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.5rem 0}
`.trim();
