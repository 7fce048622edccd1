using System.Collections.Concurrent;
using StackExchange.Redis;

namespace LetsChat.Server.Events;

/// <summary>Which topics this instance hears from Redis: one loop subscribes and unsubscribes, and reconciles after an outage.</summary>
public sealed partial class RedisEventBus
{
    private void Release(string topic)
    {
        bool last;
        lock (_lock)
        {
            var count = _wanted.GetValueOrDefault(topic) - 1;
            last = count <= 0;
            if (last)
            {
                _wanted.Remove(topic);
            }
            else
            {
                _wanted[topic] = count;
            }
        }

        if (last)
        {
            _reconcile.Release();
        }
    }

    // One loop makes Redis's subscriptions match the topics wanted here, so subscribing and unsubscribing never race,
    // and a subscription that failed while Redis was away is made again later.
    private async Task KeepSubscriptionsAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            await _reconcile.WaitAsync(TimeSpan.FromSeconds(5));
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await ReconcileAsync();
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                _logger.SubscriptionsOutOfStep(ex);
            }
        }
    }

    private async Task ReconcileAsync()
    {
        List<string> toSubscribe;
        List<KeyValuePair<string, ChannelMessageQueue>> toUnsubscribe;
        lock (_lock)
        {
            toSubscribe = _wanted.Keys.Where(t => !_subscribed.ContainsKey(t)).ToList();
            toUnsubscribe = _subscribed.Where(s => !_wanted.ContainsKey(s.Key)).ToList();
            foreach (var (topic, _) in toUnsubscribe)
            {
                _subscribed.Remove(topic);
            }
        }

        foreach (var (topic, queue) in toUnsubscribe)
        {
            await UnsubscribeQuietlyAsync(() => queue.UnsubscribeAsync(), topic);
        }

        if (toSubscribe.Count > 0 && !_redis.IsConnected)
        {
            return;
        }

        List<string> resumed = [];
        foreach (var topic in toSubscribe)
        {
            if (await SubscribeOnRedisAsync(topic))
            {
                resumed.Add(topic);
            }
        }

        if (_redis.IsConnected && Interlocked.Exchange(ref _resumePending, 0) == 1)
        {
            lock (_lock)
            {
                resumed = [.. _subscribed.Keys];
            }

            await SendUnsentAsync();
        }

        if (resumed.Count > 0)
        {
            await ResumeAsync(resumed);
        }
    }

    /// <summary>Whether this instance hears <paramref name="topic"/> from the others right now.</summary>
    internal bool IsSubscribedOnRedis(string topic)
    {
        lock (_lock)
        {
            return _subscribed.ContainsKey(topic) && _redis.IsConnected;
        }
    }

    private async Task<bool> SubscribeOnRedisAsync(string topic)
    {
        var subscriber = _redis.GetSubscriber();
        try
        {
            var queue = await subscriber.SubscribeAsync(Channel(topic));
            queue.OnMessage(message => Receive(topic, message.Message));
            lock (_lock)
            {
                _subscribed[topic] = queue;
            }

            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The half-made subscription would keep a queue nobody reads; drop it and try again on the next round.
            _logger.SubscribeFailed(ex, topic);
            await UnsubscribeQuietlyAsync(() => subscriber.UnsubscribeAsync(Channel(topic)), topic);
            return false;
        }
    }

    // Redis forgets a connection's subscriptions when the connection goes, so a failed unsubscribe leaves nothing behind.
    private async Task UnsubscribeQuietlyAsync(Func<Task> unsubscribe, string topic)
    {
        try
        {
            await unsubscribe();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            _logger.UnsubscribeFailed(ex, topic);
        }
    }
}
