using WebCrm.BrowserTests.Infrastructure;

[assembly: AssemblyFixture(typeof(CrmServer))]
[assembly: AssemblyFixture(typeof(CrmBrowser))]
