namespace WebCrm.Web.Infrastructure.Startup;

/// <summary>The container healthcheck without curl: GET the health URL, exit 0 when it answers "Healthy".</summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync() == "Healthy" ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("health probe: " + e.Message);
            return 1;
        }
    }
}
