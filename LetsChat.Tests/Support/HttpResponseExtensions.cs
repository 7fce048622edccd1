namespace LetsChat.Tests.Support;

public static class HttpResponseExtensions
{
    /// <summary>Where a redirect points, as a path and query on this site; fails if it leaves the site.</summary>
    public static string RedirectPath(this HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"Expected a redirect, got {(int)response.StatusCode}.");
        var requested = response.RequestMessage!.RequestUri!;
        var target = location.IsAbsoluteUri ? location : new Uri(requested, location);
        target.Authority.ShouldBe(requested.Authority, "the redirect must stay on this site");
        return target.PathAndQuery;
    }
}
